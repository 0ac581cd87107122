import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Capstone action plans: the brief and rubric live in the course version (content), a participant's plan is a
 * draft until submitted, every submission is a new immutable version, and grades keep every revision.
 */
export class Capstones1763960000000 implements MigrationInterface {
  name = 'Capstones1763960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The course's capstone brief, sections and rubric as imported (see CapstoneDefinition); null: no capstone.
    await queryRunner.query(`ALTER TABLE "course_versions" ADD "capstone" jsonb`);
    // Per cohort: a submission after the due date (or the person's extension) is kept and flagged, or refused.
    await queryRunner.query(
      `ALTER TABLE "cohorts" ADD "capstone_late_policy" text NOT NULL DEFAULT 'flag' CONSTRAINT "CHK_cohorts_capstone_late_policy" CHECK ("capstone_late_policy" IN ('flag', 'refuse'))`,
    );

    // The plan being written: one row per person and cohort, saved section by section.
    // `revision` grows on every save, so two tabs cannot silently overwrite each other and a submit names the
    // exact draft it sends.
    await queryRunner.query(`CREATE TABLE "capstone_drafts" (
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "content" jsonb NOT NULL,
      "revision" integer NOT NULL DEFAULT 1,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_capstone_drafts" PRIMARY KEY ("cohort_id", "user_id"),
      CONSTRAINT "FK_capstone_drafts_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_capstone_drafts_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    // Files attached to a plan. The bytes live in FileStorage under `storage_key`; a removed attachment keeps its
    // row and file, since a submitted version may still name it.
    await queryRunner.query(`CREATE TABLE "capstone_attachments" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "file_name" text NOT NULL,
      "media_type" text NOT NULL,
      "size_bytes" integer NOT NULL,
      "sha256" character(64) NOT NULL,
      "storage_key" text NOT NULL,
      "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "removed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_capstone_attachments_size" CHECK ("size_bytes" > 0),
      CONSTRAINT "PK_capstone_attachments" PRIMARY KEY ("id"),
      CONSTRAINT "FK_capstone_attachments_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_capstone_attachments_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "capstone_attachments_storage_key" ON "capstone_attachments" ("storage_key")`,
    );
    await queryRunner.query(
      `CREATE INDEX "capstone_attachments_owner" ON "capstone_attachments" ("cohort_id", "user_id")`,
    );

    // Every submission is a version, never changed or deleted. `draft_revision` is unique per person: submitting
    // the same draft twice (a double click, two tabs) finds the first version instead of making a second.
    await queryRunner.query(`CREATE TABLE "capstone_submissions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "draft_revision" integer NOT NULL,
      "course_version_id" uuid NOT NULL,
      "content" jsonb NOT NULL,
      "attachment_ids" uuid[] NOT NULL DEFAULT '{}',
      "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "late" boolean NOT NULL,
      CONSTRAINT "PK_capstone_submissions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_capstone_submissions_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_capstone_submissions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_capstone_submissions_course_version" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "capstone_submissions_version" ON "capstone_submissions" ("cohort_id", "user_id", "version")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "capstone_submissions_draft_revision" ON "capstone_submissions" ("cohort_id", "user_id", "draft_revision")`,
    );
    await queryRunner.query(
      `CREATE INDEX "capstone_submissions_queue" ON "capstone_submissions" ("institute_id", "cohort_id", "submitted_at")`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_capstone_history_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are kept as written: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "capstone_submissions_append_only" BEFORE UPDATE OR DELETE ON "capstone_submissions" FOR EACH ROW EXECUTE FUNCTION "forbid_capstone_history_change"()`,
    );

    // A new due date for one person, granted by a trainer with a reason; the latest grant counts.
    // History rows take clock_timestamp(), not now(): their order is the order they were written after waiting
    // for locks, not the order their transactions began.
    await queryRunner.query(`CREATE TABLE "capstone_extensions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "reason" text NOT NULL,
      "granted_by" uuid NOT NULL,
      "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_capstone_extensions_reason" CHECK (length(btrim("reason")) > 0),
      CONSTRAINT "PK_capstone_extensions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_capstone_extensions_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_capstone_extensions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "capstone_extensions_person" ON "capstone_extensions" ("cohort_id", "user_id", "granted_at")`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "capstone_extensions_append_only" BEFORE UPDATE OR DELETE ON "capstone_extensions" FOR EACH ROW EXECUTE FUNCTION "forbid_capstone_history_change"()`,
    );

    // Which trainer grades whose plan (the grading queue filters on it); unassigned plans are anyone's.
    await queryRunner.query(`CREATE TABLE "capstone_assignments" (
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "trainer_id" uuid NOT NULL,
      "assigned_by" uuid,
      "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_capstone_assignments" PRIMARY KEY ("cohort_id", "user_id"),
      CONSTRAINT "FK_capstone_assignments_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_capstone_assignments_trainer" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    // The current grade of one submitted version. Hidden from the participant until `released_at`.
    await queryRunner.query(`CREATE TABLE "capstone_grades" (
      "submission_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "status" text NOT NULL,
      "criteria" jsonb NOT NULL,
      "overall_feedback" text NOT NULL DEFAULT '',
      "percent" numeric(5,2),
      "graded_by" uuid NOT NULL,
      "moderated_by" uuid,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "released_at" TIMESTAMP WITH TIME ZONE,
      "released_by" uuid,
      CONSTRAINT "CHK_capstone_grades_status" CHECK ("status" IN ('draft', 'final')),
      CONSTRAINT "CHK_capstone_grades_final" CHECK ("status" = 'draft' OR "percent" IS NOT NULL),
      CONSTRAINT "CHK_capstone_grades_release" CHECK ("released_at" IS NULL OR ("status" = 'final' AND "released_by" IS NOT NULL)),
      CONSTRAINT "PK_capstone_grades" PRIMARY KEY ("submission_id"),
      CONSTRAINT "FK_capstone_grades_submission" FOREIGN KEY ("submission_id") REFERENCES "capstone_submissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_capstone_grades_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE INDEX "capstone_grades_cohort" ON "capstone_grades" ("cohort_id", "user_id")`);
    await queryRunner.query(
      `CREATE TRIGGER "capstone_grades_never_deleted" BEFORE DELETE ON "capstone_grades" FOR EACH ROW EXECUTE FUNCTION "forbid_capstone_history_change"()`,
    );

    // Every change to a grade, as it was written: who, when, what and why. Never changed or deleted.
    await queryRunner.query(`CREATE TABLE "capstone_grade_revisions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "submission_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "actor_id" uuid NOT NULL,
      "action" text NOT NULL,
      "reason" text,
      "status" text NOT NULL,
      "criteria" jsonb NOT NULL,
      "overall_feedback" text NOT NULL,
      "percent" numeric(5,2),
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_capstone_grade_revisions_action" CHECK ("action" IN ('draft-saved', 'finalised', 'moderated', 'released', 'changed-after-release')),
      CONSTRAINT "PK_capstone_grade_revisions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_capstone_grade_revisions_submission" FOREIGN KEY ("submission_id") REFERENCES "capstone_submissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "capstone_grade_revisions_submission" ON "capstone_grade_revisions" ("submission_id", "at")`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "capstone_grade_revisions_append_only" BEFORE UPDATE OR DELETE ON "capstone_grade_revisions" FOR EACH ROW EXECUTE FUNCTION "forbid_capstone_history_change"()`,
    );

    // The PDF of one submitted version, rendered once by the worker (the version never changes).
    await queryRunner.query(`CREATE TABLE "capstone_exports" (
      "submission_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "status" text NOT NULL DEFAULT 'queued',
      "storage_key" text,
      "sha256" character(64),
      "size_bytes" integer,
      "error" text,
      "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "finished_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_capstone_exports_status" CHECK ("status" IN ('queued', 'done', 'failed')),
      CONSTRAINT "CHK_capstone_exports_done" CHECK ("status" <> 'done' OR ("storage_key" IS NOT NULL AND "sha256" IS NOT NULL AND "size_bytes" IS NOT NULL)),
      CONSTRAINT "PK_capstone_exports" PRIMARY KEY ("submission_id"),
      CONSTRAINT "FK_capstone_exports_submission" FOREIGN KEY ("submission_id") REFERENCES "capstone_submissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "capstone_exports"`);
    await queryRunner.query(`DROP TABLE "capstone_grade_revisions"`);
    await queryRunner.query(`DROP TABLE "capstone_grades"`);
    await queryRunner.query(`DROP TABLE "capstone_assignments"`);
    await queryRunner.query(`DROP TABLE "capstone_extensions"`);
    await queryRunner.query(`DROP TABLE "capstone_submissions"`);
    await queryRunner.query(`DROP FUNCTION "forbid_capstone_history_change"()`);
    await queryRunner.query(`DROP TABLE "capstone_attachments"`);
    await queryRunner.query(`DROP TABLE "capstone_drafts"`);
    await queryRunner.query(`ALTER TABLE "cohorts" DROP COLUMN "capstone_late_policy"`);
    await queryRunner.query(`ALTER TABLE "course_versions" DROP COLUMN "capstone"`);
  }
}
