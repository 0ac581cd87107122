import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why an allocation ended: a reviewer who did not start in time, a reviewer who left the cohort, or a trainer's
 * decision. Kept on the row so that the next run never hands the same plan back to the reviewer it was taken from,
 * and so that a reviewer who let work stall gets no new work. And what the cohort's trainers were told about plans
 * short of reviewers, so that a repeated check does not mail them the same news twice.
 */
export class PeerReviewStalls1763971000000 implements MigrationInterface {
  name = 'PeerReviewStalls1763971000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "peer_review_allocations" ADD "end_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "peer_review_allocations" ADD CONSTRAINT "CHK_peer_review_allocations_end_reason" CHECK ("end_reason" IS NULL OR "end_reason" IN ('not-started', 'dropped-out', 'trainer'))`,
    );
    await queryRunner.query(`CREATE TABLE "peer_review_trainer_notices" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "signature" text NOT NULL,
      "summary" jsonb NOT NULL,
      "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_peer_review_trainer_notices" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_peer_review_trainer_notices_signature" UNIQUE ("cohort_id", "signature"),
      CONSTRAINT "FK_peer_review_trainer_notices_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "peer_review_trainer_notices"`);
    await queryRunner.query(
      `ALTER TABLE "peer_review_allocations" DROP CONSTRAINT "CHK_peer_review_allocations_end_reason"`,
    );
    await queryRunner.query(`ALTER TABLE "peer_review_allocations" DROP COLUMN "end_reason"`);
  }
}
