import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calibration before peer review: a cohort's example plans with a trainer's reference level and explanation per
 * rubric criterion, and every participant's attempts on them. Examples are never deleted or changed; a trainer
 * retires one (once). Attempts are append-only: a retry is a new row.
 */
export class PeerReviewCalibration1763980000000 implements MigrationInterface {
  name = 'PeerReviewCalibration1763980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // `reference`: [{criterionId, levelId, explanation}] on the cohort's capstone rubric.
    await queryRunner.query(`CREATE TABLE "peer_review_calibration_examples" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "title" text NOT NULL,
      "plan_text" text NOT NULL,
      "reference" jsonb NOT NULL,
      "created_by" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "retired_at" TIMESTAMP WITH TIME ZONE,
      "retired_by" uuid,
      CONSTRAINT "CHK_peer_review_calibration_examples_title" CHECK (length(btrim("title")) BETWEEN 1 AND 200),
      CONSTRAINT "CHK_peer_review_calibration_examples_text" CHECK (length(btrim("plan_text")) > 0),
      CONSTRAINT "CHK_peer_review_calibration_examples_reference" CHECK (jsonb_typeof("reference") = 'array'),
      CONSTRAINT "CHK_peer_review_calibration_examples_retired" CHECK (("retired_at" IS NULL) = ("retired_by" IS NULL)),
      CONSTRAINT "PK_peer_review_calibration_examples" PRIMARY KEY ("id"),
      CONSTRAINT "FK_peer_review_calibration_examples_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_calibration_examples_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_calibration_examples_retired_by" FOREIGN KEY ("retired_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "peer_review_calibration_examples_cohort" ON "peer_review_calibration_examples" ("cohort_id", "created_at")`,
    );
    // The only change an example ever takes: retired, once, by someone. Its text and reference stay as written.
    await queryRunner.query(`CREATE FUNCTION "guard_peer_review_calibration_example"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'calibration examples are never deleted: retire them' USING ERRCODE = 'P0001';
        END IF;
        IF OLD.retired_at IS NOT NULL OR NEW.retired_at IS NULL
           OR (NEW.id, NEW.institute_id, NEW.cohort_id, NEW.title, NEW.plan_text, NEW.reference, NEW.created_by, NEW.created_at)
              IS DISTINCT FROM
              (OLD.id, OLD.institute_id, OLD.cohort_id, OLD.title, OLD.plan_text, OLD.reference, OLD.created_by, OLD.created_at) THEN
          RAISE EXCEPTION 'calibration examples are kept as written: only retiring one, once, is allowed' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "peer_review_calibration_examples_guarded" BEFORE UPDATE OR DELETE ON "peer_review_calibration_examples" FOR EACH ROW EXECUTE FUNCTION "guard_peer_review_calibration_example"()`,
    );

    // One attempt: the levels (and optional comments) given, and the result as it was shown: the closeness (mean
    // level difference per criterion), the tolerance and mode then in force, and whether it was within.
    await queryRunner.query(`CREATE TABLE "peer_review_calibration_attempts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "example_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "levels" jsonb NOT NULL,
      "closeness" numeric(8,6) NOT NULL,
      "tolerance" numeric(8,6) NOT NULL,
      "within_tolerance" boolean NOT NULL,
      "mode" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_peer_review_calibration_attempts_mode" CHECK ("mode" IN ('required', 'recorded')),
      CONSTRAINT "CHK_peer_review_calibration_attempts_closeness" CHECK ("closeness" >= 0 AND "tolerance" >= 0),
      CONSTRAINT "PK_peer_review_calibration_attempts" PRIMARY KEY ("id"),
      CONSTRAINT "FK_peer_review_calibration_attempts_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_calibration_attempts_example" FOREIGN KEY ("example_id") REFERENCES "peer_review_calibration_examples"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_peer_review_calibration_attempts_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "peer_review_calibration_attempts_user" ON "peer_review_calibration_attempts" ("cohort_id", "user_id", "created_at")`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_peer_review_calibration_attempt_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'calibration attempts are kept as written: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "peer_review_calibration_attempts_append_only" BEFORE UPDATE OR DELETE ON "peer_review_calibration_attempts" FOR EACH ROW EXECUTE FUNCTION "forbid_peer_review_calibration_attempt_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "peer_review_calibration_attempts"`);
    await queryRunner.query(`DROP FUNCTION "forbid_peer_review_calibration_attempt_change"()`);
    await queryRunner.query(`DROP TABLE "peer_review_calibration_examples"`);
    await queryRunner.query(`DROP FUNCTION "guard_peer_review_calibration_example"()`);
  }
}
