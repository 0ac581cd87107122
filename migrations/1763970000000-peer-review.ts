import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Peer review of capstone submissions: who reviews which submission (allocations, kept with their history), the
 * reviews themselves, a cohort's changes to the course's peer-review settings and trainers' overrides of a peer
 * score. Nothing here is ever deleted: a reviewer who is replaced keeps a row with status `replaced`.
 */
export class PeerReview1763970000000 implements MigrationInterface {
  name = 'PeerReview1763970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A cohort's changes to the course's `peerReview:` settings; only the fields set here override the course's.
    await queryRunner.query(`CREATE TABLE "cohort_peer_review_settings" (
      "cohort_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "settings" jsonb NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_by" uuid,
      CONSTRAINT "PK_cohort_peer_review_settings" PRIMARY KEY ("cohort_id"),
      CONSTRAINT "FK_cohort_peer_review_settings_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    // One reviewer asked to review one submitted version. `round` counts allocation runs of the cohort (the first at
    // the due date, later ones for late submissions and replacements).
    await queryRunner.query(`CREATE TABLE "peer_review_allocations" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "submission_id" uuid NOT NULL,
      "author_id" uuid NOT NULL,
      "reviewer_id" uuid NOT NULL,
      "status" text NOT NULL DEFAULT 'assigned',
      "round" integer NOT NULL,
      "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "started_at" TIMESTAMP WITH TIME ZONE,
      "due_at" TIMESTAMP WITH TIME ZONE,
      "ended_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_peer_review_allocations_status" CHECK ("status" IN ('assigned', 'started', 'submitted', 'replaced', 'cancelled')),
      CONSTRAINT "CHK_peer_review_allocations_no_self_review" CHECK ("author_id" <> "reviewer_id"),
      CONSTRAINT "CHK_peer_review_allocations_round" CHECK ("round" >= 1),
      CONSTRAINT "PK_peer_review_allocations" PRIMARY KEY ("id"),
      CONSTRAINT "FK_peer_review_allocations_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_allocations_submission" FOREIGN KEY ("submission_id") REFERENCES "capstone_submissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_allocations_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_allocations_reviewer" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    // A reviewer reviews a submission once at a time; a replaced or cancelled allocation no longer counts.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "peer_review_allocations_active" ON "peer_review_allocations" ("submission_id", "reviewer_id") WHERE "status" IN ('assigned', 'started', 'submitted')`,
    );
    await queryRunner.query(
      `CREATE INDEX "peer_review_allocations_reviewer" ON "peer_review_allocations" ("cohort_id", "reviewer_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "peer_review_allocations_submission" ON "peer_review_allocations" ("cohort_id", "submission_id")`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_peer_review_deletion"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "peer_review_allocations_never_deleted" BEFORE DELETE ON "peer_review_allocations" FOR EACH ROW EXECUTE FUNCTION "forbid_peer_review_deletion"()`,
    );

    // The review written for one allocation: a draft until `submitted_at`, editable until the window closes.
    // The author rates its helpfulness and may flag it for the trainer.
    await queryRunner.query(`CREATE TABLE "peer_reviews" (
      "allocation_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "criteria" jsonb NOT NULL,
      "submitted_at" TIMESTAMP WITH TIME ZONE,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "helpfulness" smallint,
      "helpfulness_at" TIMESTAMP WITH TIME ZONE,
      "flagged_at" TIMESTAMP WITH TIME ZONE,
      "flag_reason" text,
      CONSTRAINT "CHK_peer_reviews_helpfulness" CHECK ("helpfulness" IS NULL OR ("helpfulness" >= 1 AND "helpfulness" <= 5)),
      CONSTRAINT "CHK_peer_reviews_flag" CHECK (("flagged_at" IS NULL) = ("flag_reason" IS NULL)),
      CONSTRAINT "PK_peer_reviews" PRIMARY KEY ("allocation_id"),
      CONSTRAINT "FK_peer_reviews_allocation" FOREIGN KEY ("allocation_id") REFERENCES "peer_review_allocations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE TRIGGER "peer_reviews_never_deleted" BEFORE DELETE ON "peer_reviews" FOR EACH ROW EXECUTE FUNCTION "forbid_peer_review_deletion"()`,
    );

    // Append-only: a trainer's peer score for one submission; the newest row stands, a null percent withdraws it.
    await queryRunner.query(`CREATE TABLE "peer_score_overrides" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "submission_id" uuid NOT NULL,
      "percent" numeric(5,2),
      "reason" text NOT NULL,
      "created_by" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_peer_score_overrides_percent" CHECK ("percent" IS NULL OR ("percent" >= 0 AND "percent" <= 100)),
      CONSTRAINT "CHK_peer_score_overrides_reason" CHECK (length(btrim("reason")) > 0),
      CONSTRAINT "PK_peer_score_overrides" PRIMARY KEY ("id"),
      CONSTRAINT "FK_peer_score_overrides_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_score_overrides_submission" FOREIGN KEY ("submission_id") REFERENCES "capstone_submissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "peer_score_overrides_submission" ON "peer_score_overrides" ("submission_id", "created_at")`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_peer_score_override_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'peer score overrides are kept as written: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "peer_score_overrides_append_only" BEFORE UPDATE OR DELETE ON "peer_score_overrides" FOR EACH ROW EXECUTE FUNCTION "forbid_peer_score_override_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "peer_score_overrides"`);
    await queryRunner.query(`DROP FUNCTION "forbid_peer_score_override_change"()`);
    await queryRunner.query(`DROP TABLE "peer_reviews"`);
    await queryRunner.query(`DROP TABLE "peer_review_allocations"`);
    await queryRunner.query(`DROP FUNCTION "forbid_peer_review_deletion"()`);
    await queryRunner.query(`DROP TABLE "cohort_peer_review_settings"`);
  }
}
