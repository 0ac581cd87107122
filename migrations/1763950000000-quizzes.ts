import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Quizzes1763950000000 implements MigrationInterface {
  name = 'Quizzes1763950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Resolved at import (course defaults merged with the module's own); null when the module has no quiz.
    // Adding a column fires no row trigger, so versions stay immutable.
    await queryRunner.query(`ALTER TABLE "course_modules" ADD "quiz_settings" jsonb`);
    await queryRunner.query(`CREATE TABLE "quiz_questions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "module_id" uuid NOT NULL,
      "question_key" text NOT NULL,
      "position" integer NOT NULL,
      "type" text NOT NULL,
      "points" numeric(8,3) NOT NULL,
      "definition" jsonb NOT NULL,
      "rendered" jsonb NOT NULL,
      CONSTRAINT "PK_quiz_questions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_quiz_questions_module" FOREIGN KEY ("module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "quiz_questions_module_key_key" ON "quiz_questions" ("module_id", "question_key")`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "quiz_questions_immutable" BEFORE UPDATE ON "quiz_questions" FOR EACH ROW EXECUTE FUNCTION "forbid_content_version_change"()`,
    );

    await queryRunner.query(`CREATE TABLE "cohort_quiz_settings" (
      "cohort_id" uuid NOT NULL,
      "module_key" text NOT NULL,
      "institute_id" uuid NOT NULL,
      "settings" jsonb NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_by" uuid,
      CONSTRAINT "PK_cohort_quiz_settings" PRIMARY KEY ("cohort_id", "module_key"),
      CONSTRAINT "FK_cohort_quiz_settings_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    await queryRunner.query(`CREATE TABLE "quiz_attempts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "module_key" text NOT NULL,
      "course_module_id" uuid NOT NULL,
      "number" integer NOT NULL,
      "status" text NOT NULL,
      "question_keys" text[] NOT NULL,
      "settings" jsonb NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "deadline_at" TIMESTAMP WITH TIME ZONE,
      "submitted_at" TIMESTAMP WITH TIME ZONE,
      "closed_by" text,
      "score" numeric(10,4),
      "max_score" numeric(10,4),
      "percent" numeric(5,2),
      CONSTRAINT "CHK_quiz_attempts_status" CHECK ("status" IN ('in-progress', 'submitted')),
      CONSTRAINT "CHK_quiz_attempts_closed_by" CHECK ("closed_by" IS NULL OR "closed_by" IN ('participant', 'deadline', 'trainer')),
      CONSTRAINT "CHK_quiz_attempts_graded" CHECK (("status" = 'submitted') = ("submitted_at" IS NOT NULL AND "percent" IS NOT NULL AND "closed_by" IS NOT NULL)),
      CONSTRAINT "PK_quiz_attempts" PRIMARY KEY ("id"),
      CONSTRAINT "FK_quiz_attempts_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_quiz_attempts_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_quiz_attempts_course_module" FOREIGN KEY ("course_module_id") REFERENCES "course_modules"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "quiz_attempts_number_key" ON "quiz_attempts" ("cohort_id", "module_key", "user_id", "number")`,
    );
    // One attempt in progress per person and quiz: two tabs pressing "start" at once get the same attempt.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "quiz_attempts_one_open" ON "quiz_attempts" ("cohort_id", "module_key", "user_id") WHERE "status" = 'in-progress'`,
    );
    await queryRunner.query(`CREATE INDEX "quiz_attempts_user" ON "quiz_attempts" ("user_id")`);

    await queryRunner.query(`CREATE TABLE "quiz_responses" (
      "attempt_id" uuid NOT NULL,
      "question_key" text NOT NULL,
      "response" jsonb,
      "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "fraction" numeric(8,7),
      "points" numeric(10,4),
      "max_points" numeric(10,4),
      CONSTRAINT "PK_quiz_responses" PRIMARY KEY ("attempt_id", "question_key"),
      CONSTRAINT "FK_quiz_responses_attempt" FOREIGN KEY ("attempt_id") REFERENCES "quiz_attempts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    await queryRunner.query(`CREATE TABLE "quiz_accommodations" (
      "cohort_id" uuid NOT NULL,
      "module_key" text NOT NULL,
      "user_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "extra_attempts" integer NOT NULL DEFAULT 0,
      "extra_minutes" integer NOT NULL DEFAULT 0,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_by" uuid,
      CONSTRAINT "CHK_quiz_accommodations_range" CHECK ("extra_attempts" >= 0 AND "extra_minutes" >= 0),
      CONSTRAINT "PK_quiz_accommodations" PRIMARY KEY ("cohort_id", "module_key", "user_id"),
      CONSTRAINT "FK_quiz_accommodations_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_quiz_accommodations_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    // Append-only: the newest row per person and quiz stands; a null percent withdraws an override.
    await queryRunner.query(`CREATE TABLE "quiz_grade_overrides" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "module_key" text NOT NULL,
      "user_id" uuid NOT NULL,
      "percent" numeric(5,2),
      "reason" text NOT NULL,
      "created_by" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_quiz_grade_overrides_percent" CHECK ("percent" IS NULL OR ("percent" >= 0 AND "percent" <= 100)),
      CONSTRAINT "PK_quiz_grade_overrides" PRIMARY KEY ("id"),
      CONSTRAINT "FK_quiz_grade_overrides_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_quiz_grade_overrides_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "quiz_grade_overrides_person" ON "quiz_grade_overrides" ("cohort_id", "module_key", "user_id", "created_at")`,
    );

    // A graded attempt is a record: its grade and answers can no longer change, and attempts are never deleted.
    await queryRunner.query(`CREATE FUNCTION "protect_graded_quiz_attempt"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'quiz attempts are never deleted' USING ERRCODE = 'P0001';
        END IF;
        IF OLD.status = 'submitted' THEN
          RAISE EXCEPTION 'quiz attempt % is graded and cannot change', OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "quiz_attempts_protect" BEFORE UPDATE OR DELETE ON "quiz_attempts" FOR EACH ROW EXECUTE FUNCTION "protect_graded_quiz_attempt"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "protect_graded_quiz_response"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE attempt_status text;
      BEGIN
        SELECT status INTO attempt_status FROM quiz_attempts WHERE id = COALESCE(NEW.attempt_id, OLD.attempt_id);
        IF TG_OP = 'DELETE' OR attempt_status = 'submitted' THEN
          RAISE EXCEPTION 'answers of a graded quiz attempt cannot change' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "quiz_responses_protect" BEFORE INSERT OR UPDATE OR DELETE ON "quiz_responses" FOR EACH ROW EXECUTE FUNCTION "protect_graded_quiz_response"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_quiz_override_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'grade overrides are append-only: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "quiz_grade_overrides_append_only" BEFORE UPDATE OR DELETE ON "quiz_grade_overrides" FOR EACH ROW EXECUTE FUNCTION "forbid_quiz_override_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "quiz_grade_overrides"`);
    await queryRunner.query(`DROP TABLE "quiz_accommodations"`);
    await queryRunner.query(`DROP TABLE "quiz_responses"`);
    await queryRunner.query(`DROP TABLE "quiz_attempts"`);
    await queryRunner.query(`DROP TABLE "cohort_quiz_settings"`);
    await queryRunner.query(`DROP TABLE "quiz_questions"`);
    await queryRunner.query(`DROP FUNCTION "forbid_quiz_override_change"()`);
    await queryRunner.query(`DROP FUNCTION "protect_graded_quiz_response"()`);
    await queryRunner.query(`DROP FUNCTION "protect_graded_quiz_attempt"()`);
    await queryRunner.query(`ALTER TABLE "course_modules" DROP COLUMN "quiz_settings"`);
  }
}
