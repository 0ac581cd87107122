import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainers' decisions on peer reviews (moderation): keep a review (a flag dismissed, or an exclusion undone) or
 * exclude it from the peer score and the reviewers' agreement. Append-only: the newest decision on a review stands,
 * and the earlier ones stay as the record of what was decided, by whom and why.
 */
export class PeerReviewModeration1763975000000 implements MigrationInterface {
  name = 'PeerReviewModeration1763975000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "peer_review_moderation_decisions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "allocation_id" uuid NOT NULL,
      "decision" text NOT NULL,
      "note" text NOT NULL,
      "created_by" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_peer_review_moderation_decisions_decision" CHECK ("decision" IN ('keep', 'exclude')),
      CONSTRAINT "CHK_peer_review_moderation_decisions_note" CHECK (length(btrim("note")) > 0),
      CONSTRAINT "PK_peer_review_moderation_decisions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_peer_review_moderation_decisions_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_moderation_decisions_allocation" FOREIGN KEY ("allocation_id") REFERENCES "peer_review_allocations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "peer_review_moderation_decisions_allocation" ON "peer_review_moderation_decisions" ("allocation_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "peer_review_moderation_decisions_cohort" ON "peer_review_moderation_decisions" ("cohort_id")`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_peer_review_moderation_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'moderation decisions are kept as written: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "peer_review_moderation_decisions_append_only" BEFORE UPDATE OR DELETE ON "peer_review_moderation_decisions" FOR EACH ROW EXECUTE FUNCTION "forbid_peer_review_moderation_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "peer_review_moderation_decisions"`);
    await queryRunner.query(`DROP FUNCTION "forbid_peer_review_moderation_change"()`);
  }
}
