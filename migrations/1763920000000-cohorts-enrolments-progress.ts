import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CohortsEnrolmentsProgress1763920000000 implements MigrationInterface {
  name = 'CohortsEnrolmentsProgress1763920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "cohorts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "course_version_id" uuid NOT NULL,
      "title" text NOT NULL,
      "start_date" date NOT NULL,
      "time_zone" text NOT NULL,
      "capacity" integer NOT NULL,
      "enrolment_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "enrolment_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "schedule" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_cohorts_capacity" CHECK ("capacity" > 0),
      CONSTRAINT "CHK_cohorts_enrolment_window" CHECK ("enrolment_opens_at" < "enrolment_closes_at"),
      CONSTRAINT "PK_cohorts" PRIMARY KEY ("id"),
      CONSTRAINT "FK_cohorts_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_cohorts_course_version" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE INDEX "cohorts_institute" ON "cohorts" ("institute_id", "start_date")`);
    await queryRunner.query(`CREATE TABLE "cohort_trainers" (
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      CONSTRAINT "PK_cohort_trainers" PRIMARY KEY ("cohort_id", "user_id"),
      CONSTRAINT "FK_cohort_trainers_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
      CONSTRAINT "FK_cohort_trainers_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE TABLE "enrolments" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "status" text NOT NULL,
      "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "withdrawn_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_enrolments_status" CHECK ("status" IN ('enrolled', 'withdrawn')),
      CONSTRAINT "PK_enrolments" PRIMARY KEY ("id"),
      CONSTRAINT "FK_enrolments_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_enrolments_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    // One active enrolment per person and cohort; withdrawn ones stay as history.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "enrolments_active" ON "enrolments" ("cohort_id", "user_id") WHERE "status" = 'enrolled'`,
    );
    await queryRunner.query(`CREATE INDEX "enrolments_user" ON "enrolments" ("user_id")`);
    await queryRunner.query(`CREATE TABLE "module_progress" (
      "enrolment_id" uuid NOT NULL,
      "module_key" text NOT NULL,
      "institute_id" uuid NOT NULL,
      "first_opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "completed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_module_progress" PRIMARY KEY ("enrolment_id", "module_key"),
      CONSTRAINT "FK_module_progress_enrolment" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "module_progress"`);
    await queryRunner.query(`DROP TABLE "enrolments"`);
    await queryRunner.query(`DROP TABLE "cohort_trainers"`);
    await queryRunner.query(`DROP TABLE "cohorts"`);
  }
}
