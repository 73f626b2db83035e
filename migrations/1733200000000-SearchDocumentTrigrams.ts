import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The required documents whose name has a search's words as a phrase are found through a trigram
 * index of their words (a LIKE pattern) rather than by testing every document's words: a few
 * thousand in a province's catalogue, read on every search of two words or more.
 */
export class SearchDocumentTrigrams1733200000000 implements MigrationInterface {
  name = 'SearchDocumentTrigrams1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX search_document_words_trgm_idx ON search_document USING gin (words public.gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX search_document_words_trgm_idx`);
  }
}
