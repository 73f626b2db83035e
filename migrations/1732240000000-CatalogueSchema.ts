import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue: administrative units, agencies, fields, legal documents and procedures with
 * their channels, fees, required documents and steps.
 *
 * Enumerations are text with CHECK constraints rather than PostgreSQL enums: adding a value
 * (a new channel, a new level after a reform) is then one constraint swap, not a type rewrite.
 */
export class CatalogueSchema1732240000000 implements MigrationInterface {
  name = 'CatalogueSchema1732240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE administrative_unit (
        id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code        varchar(10)  NOT NULL CONSTRAINT administrative_unit_code_key UNIQUE,
        name        varchar(200) NOT NULL,
        kind        varchar(10)  NOT NULL CONSTRAINT administrative_unit_kind_check
                      CHECK (kind IN ('tinh','tptw','huyen','quan','thi_xa','tp','xa','phuong','thi_tran')),
        level       varchar(10)  NOT NULL CONSTRAINT administrative_unit_level_check
                      CHECK (level IN ('PROVINCE','DISTRICT','COMMUNE')),
        parent_id   integer REFERENCES administrative_unit(id),
        CONSTRAINT administrative_unit_parent_check CHECK ((level = 'PROVINCE') = (parent_id IS NULL))
      );
      CREATE INDEX administrative_unit_parent_idx ON administrative_unit (parent_id, code);
      CREATE INDEX administrative_unit_level_idx ON administrative_unit (level, code);

      CREATE TABLE field (
        id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code  varchar(80)  NOT NULL CONSTRAINT field_code_key UNIQUE,
        name  varchar(200) NOT NULL
      );

      CREATE TABLE agency (
        id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code     varchar(40)  NOT NULL CONSTRAINT agency_code_key UNIQUE,
        name     varchar(300) NOT NULL,
        level    varchar(10)  NOT NULL CONSTRAINT agency_level_check
                   CHECK (level IN ('PROVINCE','DISTRICT','COMMUNE')),
        unit_id  integer NOT NULL REFERENCES administrative_unit(id)
      );
      CREATE INDEX agency_unit_idx ON agency (unit_id);
      CREATE INDEX agency_level_idx ON agency (level, code);

      CREATE TABLE legal_document (
        id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        number     varchar(60)  NOT NULL CONSTRAINT legal_document_number_key UNIQUE,
        title      varchar(500) NOT NULL,
        issuer     varchar(200) NOT NULL,
        issued_on  date
      );

      CREATE TABLE procedure (
        id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code                   varchar(32)  NOT NULL CONSTRAINT procedure_code_key UNIQUE,
        name                   varchar(1000) NOT NULL,
        name_en                varchar(1000),
        level                  varchar(10)  NOT NULL CONSTRAINT procedure_level_check
                                 CHECK (level IN ('PROVINCE','DISTRICT','COMMUNE')),
        field_id               integer NOT NULL REFERENCES field(id),
        implementing_agency_id integer NOT NULL REFERENCES agency(id),
        status                 varchar(10)  NOT NULL CONSTRAINT procedure_status_check
                                 CHECK (status IN ('PUBLIC','PENDING','ABOLISHED')),
        effective_from         date NOT NULL,
        effective_to           date,
        is_one_stop            boolean NOT NULL,
        is_interconnected      boolean NOT NULL,
        online_service_level   varchar(10)  NOT NULL CONSTRAINT procedure_online_service_level_check
                                 CHECK (online_service_level IN ('FULL','PARTIAL','NONE')),
        legacy_online_level    smallint CONSTRAINT procedure_legacy_online_level_check
                                 CHECK (legacy_online_level BETWEEN 1 AND 4),
        subjects               text[] NOT NULL DEFAULT '{}' CONSTRAINT procedure_subjects_check
                                 CHECK (subjects <@ ARRAY['CITIZEN','ENTERPRISE','ORGANISATION','STATE_AGENCY','FOREIGNER']),
        conditions             text,
        results                text[] NOT NULL DEFAULT '{}',
        announcement_decision  varchar(500),
        is_representative      boolean NOT NULL,
        updated_at             timestamptz NOT NULL,
        -- Hash of the whole record as seeded or synced: an unchanged record is never rewritten.
        content_hash           char(64) NOT NULL,
        -- List-view helpers derived from the channels by refresh_procedure_derived().
        min_processing_days    numeric(10,3),
        is_free                boolean NOT NULL DEFAULT true,
        min_fee_vnd            bigint,
        CONSTRAINT procedure_effective_check CHECK (effective_to IS NULL OR effective_to >= effective_from)
      );
      CREATE INDEX procedure_name_idx ON procedure (name, id);
      CREATE INDEX procedure_updated_at_idx ON procedure (updated_at, id);
      CREATE INDEX procedure_processing_idx ON procedure ((coalesce(min_processing_days, 'Infinity'::numeric)), id);
      CREATE INDEX procedure_level_idx ON procedure (level, is_one_stop);
      CREATE INDEX procedure_field_idx ON procedure (field_id);
      CREATE INDEX procedure_agency_idx ON procedure (implementing_agency_id);
      CREATE INDEX procedure_subjects_idx ON procedure USING gin (subjects);

      CREATE TABLE procedure_channel (
        id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        procedure_id      integer NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
        channel           varchar(10) NOT NULL CONSTRAINT procedure_channel_channel_check
                            CHECK (channel IN ('IN_PERSON','ONLINE','POSTAL')),
        time_value        numeric(10,2) CONSTRAINT procedure_channel_time_value_check CHECK (time_value >= 0),
        time_unit         varchar(12) CONSTRAINT procedure_channel_time_unit_check
                            CHECK (time_unit IN ('WORKING_DAY','DAY','HOUR')),
        time_description  text NOT NULL,
        CONSTRAINT procedure_channel_key UNIQUE (procedure_id, channel),
        CONSTRAINT procedure_channel_time_check CHECK ((time_value IS NULL) = (time_unit IS NULL))
      );
      CREATE INDEX procedure_channel_channel_idx ON procedure_channel (channel, procedure_id);

      CREATE TABLE channel_fee (
        id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        channel_id   integer NOT NULL REFERENCES procedure_channel(id) ON DELETE CASCADE,
        position     smallint NOT NULL,
        kind         varchar(6) NOT NULL CONSTRAINT channel_fee_kind_check CHECK (kind IN ('FEE','CHARGE')),
        amount_vnd   bigint CONSTRAINT channel_fee_amount_check CHECK (amount_vnd >= 0),
        description  text NOT NULL,
        CONSTRAINT channel_fee_key UNIQUE (channel_id, position)
      );

      CREATE TABLE required_document (
        id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        procedure_id  integer NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
        position      smallint NOT NULL,
        case_name     varchar(500),
        name          text NOT NULL,
        originals     smallint NOT NULL CONSTRAINT required_document_originals_check CHECK (originals >= 0),
        copies        smallint NOT NULL CONSTRAINT required_document_copies_check CHECK (copies >= 0),
        is_required   boolean NOT NULL,
        form_name     varchar(500),
        form_url      varchar(1000),
        CONSTRAINT required_document_key UNIQUE (procedure_id, position)
      );

      CREATE TABLE procedure_step (
        id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        procedure_id  integer NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
        position      smallint NOT NULL,
        case_name     varchar(500),
        description   text NOT NULL,
        CONSTRAINT procedure_step_key UNIQUE (procedure_id, position)
      );

      CREATE TABLE procedure_legal_basis (
        procedure_id       integer NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
        legal_document_id  integer NOT NULL REFERENCES legal_document(id),
        position           smallint NOT NULL,
        PRIMARY KEY (procedure_id, legal_document_id)
      );

      CREATE TABLE seed_run (
        name        varchar(50) PRIMARY KEY,
        checksum    char(64) NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      );
    `);

    // One definition of the list-view helpers, used by every writer of channels and fees.
    // Working and calendar days count one each, hours one eighth of a working day.
    await q.query(`
      CREATE FUNCTION refresh_procedure_derived(ids integer[]) RETURNS void
      LANGUAGE sql AS $$
        WITH channel_totals AS (
          SELECT c.procedure_id,
                 CASE c.time_unit WHEN 'HOUR' THEN c.time_value / 8 ELSE c.time_value END AS days,
                 -- a channel with an unknown fee has an unknown total
                 CASE WHEN bool_or(f.id IS NOT NULL AND f.amount_vnd IS NULL) THEN NULL
                      ELSE coalesce(sum(f.amount_vnd), 0) END AS fee_total,
                 bool_and(f.amount_vnd IS NOT NULL AND f.amount_vnd = 0 OR f.id IS NULL) AS channel_free
          FROM procedure_channel c
          LEFT JOIN channel_fee f ON f.channel_id = c.id
          WHERE c.procedure_id = ANY(ids)
          GROUP BY c.id
        ), per_procedure AS (
          SELECT procedure_id, min(days) AS min_days, min(fee_total) AS min_fee,
                 bool_and(channel_free) AS all_free
          FROM channel_totals GROUP BY procedure_id
        )
        UPDATE procedure p
           SET min_processing_days = pp.min_days,
               min_fee_vnd = pp.min_fee,
               is_free = pp.all_free
          FROM per_procedure pp
         WHERE p.id = pp.procedure_id
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION refresh_procedure_derived(integer[]);
      DROP TABLE seed_run, procedure_legal_basis, procedure_step, required_document, channel_fee,
                 procedure_channel, procedure, legal_document, agency, field, administrative_unit;
    `);
  }
}
