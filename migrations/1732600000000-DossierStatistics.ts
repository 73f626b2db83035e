import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dossiers pushed by agencies' systems, the API keys they push with, the daily and monthly
 * rollups statistics are read from, and the published figures they are checked against.
 *
 * A dossier holds no personal data: codes, dates, a status and flags. Each one adds to the
 * rollups of its unit, level, field and procedure: flows (received, resolved, ...) on the day
 * they happen, and state (pending, pending past the deadline, paused) as +1 on the day it starts
 * and -1 on the day it ends, so the state at the end of any day is a sum over the days up to it.
 * Ingestion subtracts a dossier's old contribution and adds its new one in the same transaction.
 */
const COUNTERS = [
  'received_online',
  'received_in_person',
  'received_postal',
  'resolved_early',
  'resolved_on_time',
  'resolved_overdue',
  'withdrawn',
  'refused',
  'digitised_on_receipt',
  'population_data_used',
  'fee_bearing',
  'paid_online',
  'full_online_offered',
  'full_online_received',
  'electronic_result',
  'apology_issued',
  'rated',
  'satisfied',
  'pending_delta',
  'pending_overdue_delta',
  'paused_delta',
  'representative_received',
];

const counterColumns = COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n        ');

export class DossierStatistics1732600000000 implements MigrationInterface {
  name = 'DossierStatistics1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossier (
        id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        unit_id               integer      NOT NULL REFERENCES administrative_unit(id),
        external_code         varchar(100) NOT NULL,
        procedure_code        varchar(80)  NOT NULL,
        -- from the catalogue when the dossier arrived; '' for a procedure outside it
        field_code            varchar(80)  NOT NULL,
        full_online_offered   boolean      NOT NULL,
        level                 varchar(10)  NOT NULL CONSTRAINT dossier_level_check CHECK (level IN ('PROVINCE','DISTRICT','COMMUNE')),
        channel               varchar(10)  NOT NULL CONSTRAINT dossier_channel_check CHECK (channel IN ('ONLINE','IN_PERSON','POSTAL')),
        status                smallint     NOT NULL CONSTRAINT dossier_status_check CHECK (status BETWEEN 1 AND 10),
        received_at           timestamptz  NOT NULL,
        due_at                timestamptz,
        finished_at           timestamptz,
        returned_at           timestamptz,
        -- the sending system's time of this version: an older version never replaces a newer one
        updated_at            timestamptz  NOT NULL,
        digitised_on_receipt  boolean      NOT NULL,
        electronic_result     boolean      NOT NULL,
        paid_online           boolean      NOT NULL,
        fee_bearing           boolean      NOT NULL,
        population_data_used  boolean      NOT NULL,
        apology_issued        boolean      NOT NULL,
        satisfaction          smallint     CONSTRAINT dossier_satisfaction_check CHECK (satisfaction BETWEEN 1 AND 5),
        -- seed data built to reproduce published totals, not a real application
        is_representative     boolean      NOT NULL DEFAULT false,
        ingested_at           timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT dossier_unit_external_code_key UNIQUE (unit_id, external_code)
      );
      CREATE INDEX dossier_received_idx ON dossier (unit_id, received_at);

      CREATE TABLE dossier_daily (
        unit_id         integer     NOT NULL REFERENCES administrative_unit(id),
        day             date        NOT NULL,
        level           varchar(10) NOT NULL,
        field_code      varchar(80) NOT NULL,
        procedure_code  varchar(80) NOT NULL,
        ${counterColumns},
        PRIMARY KEY (unit_id, day, level, field_code, procedure_code)
      );
      CREATE INDEX dossier_daily_procedure_idx ON dossier_daily (procedure_code, unit_id, day);

      -- The same counters without the procedure, by month: what a year or a series reads.
      CREATE TABLE dossier_monthly (
        unit_id     integer     NOT NULL REFERENCES administrative_unit(id),
        month       date        NOT NULL,
        level       varchar(10) NOT NULL,
        field_code  varchar(80) NOT NULL,
        ${counterColumns},
        PRIMARY KEY (unit_id, month, level, field_code)
      );

      CREATE TABLE api_key (
        id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name        varchar(200) NOT NULL,
        unit_id     integer      NOT NULL REFERENCES administrative_unit(id),
        -- SHA-256 of the key: keys are 256 random bits, so a fast hash cannot be brute-forced
        key_hash    bytea        NOT NULL CONSTRAINT api_key_key_hash_key UNIQUE,
        prefix      varchar(16)  NOT NULL,
        created_at  timestamptz  NOT NULL DEFAULT now(),
        revoked_at  timestamptz
      );

      CREATE TABLE published_figure (
        id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        unit_code     varchar(10)   NOT NULL,
        unit_name     varchar(200)  NOT NULL,
        period_start  date,
        period_end    date,
        metric        varchar(80)   NOT NULL,
        value         numeric(14,2) NOT NULL,
        note          text          NOT NULL,
        source        varchar(300)  NOT NULL
      );
      CREATE INDEX published_figure_unit_idx ON published_figure (unit_code, metric);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE published_figure, api_key, dossier_monthly, dossier_daily, dossier`);
  }
}
