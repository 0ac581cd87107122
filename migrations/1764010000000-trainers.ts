import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainer-of-trainers: courses flagged as tracks (with their teach-back checklist and calibration references),
 * cohort trainers with a role, and the trainer path per (person, course) as append-only history: stage
 * transitions, teach-back attempts and their scores, calibration attempts, co-facilitation sign-offs and
 * certifications (each with its recertification date). The current stage is the latest transition; a person
 * may take on new cohorts of a course while their latest certification for it is still valid.
 */
export class Trainers1764010000000 implements MigrationInterface {
  name = 'Trainers1764010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "courses" ADD "kind" text NOT NULL DEFAULT 'course'`);
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "CHK_courses_kind" CHECK ("kind" IN ('course', 'track'))`,
    );
    // A track version's teach-back checklist and calibration references, validated at import; null for courses.
    await queryRunner.query(`ALTER TABLE "course_versions" ADD "track" jsonb`);
    await queryRunner.query(`ALTER TABLE "cohort_trainers" ADD "role" text NOT NULL DEFAULT 'lead'`);
    await queryRunner.query(
      `ALTER TABLE "cohort_trainers" ADD "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_trainers" ADD CONSTRAINT "CHK_cohort_trainers_role" CHECK ("role" IN ('lead', 'co-facilitator', 'master'))`,
    );

    await queryRunner.query(`CREATE FUNCTION "forbid_trainer_history_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are kept as written: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
      END $$`);
    const appendOnly = async (table: string): Promise<void> =>
      void (await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "forbid_trainer_history_change"()`,
      ));
    const owned = (table: string) => `
      CONSTRAINT "FK_${table}_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_${table}_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_${table}_course" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`;

    await queryRunner.query(`CREATE TABLE "trainer_stage_transitions" (
      "id" bigserial NOT NULL,
      "institute_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "course_id" text NOT NULL,
      "from_stage" text,
      "to_stage" text NOT NULL,
      "event" text NOT NULL,
      "actor_user_id" uuid,
      "cohort_id" uuid,
      "note" text,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_trainer_stage_transitions_to" CHECK ("to_stage" IN ('nominated', 'trainee', 'co-facilitator', 'certified', 'master', 'lapsed')),
      CONSTRAINT "PK_trainer_stage_transitions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_trainer_stage_transitions_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      ${owned('trainer_stage_transitions')})`);
    await queryRunner.query(
      `CREATE INDEX "trainer_stage_transitions_person" ON "trainer_stage_transitions" ("user_id", "course_id", "id")`,
    );
    await appendOnly('trainer_stage_transitions');

    await queryRunner.query(`CREATE TABLE "trainer_teach_backs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "course_id" text NOT NULL,
      "track_version_id" uuid NOT NULL,
      "attempt" integer NOT NULL,
      "delivery" text NOT NULL,
      "recording_url" text,
      "file_key" text,
      "file_name" text,
      "delivered_on" date,
      "notes" text NOT NULL DEFAULT '',
      "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_trainer_teach_backs_delivery" CHECK (
        ("delivery" = 'link' AND "recording_url" IS NOT NULL) OR
        ("delivery" = 'file' AND "file_key" IS NOT NULL) OR
        ("delivery" = 'live' AND "delivered_on" IS NOT NULL)),
      CONSTRAINT "PK_trainer_teach_backs" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_trainer_teach_backs_attempt" UNIQUE ("user_id", "course_id", "attempt"),
      CONSTRAINT "FK_trainer_teach_backs_version" FOREIGN KEY ("track_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      ${owned('trainer_teach_backs')})`);
    await appendOnly('trainer_teach_backs');
    await queryRunner.query(`CREATE TABLE "trainer_teach_back_scores" (
      "teach_back_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "scorer_user_id" uuid NOT NULL,
      "levels" jsonb NOT NULL,
      "feedback" text NOT NULL,
      "percent" numeric(5,2) NOT NULL,
      "passed" boolean NOT NULL,
      "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_trainer_teach_back_scores" PRIMARY KEY ("teach_back_id"),
      CONSTRAINT "FK_trainer_teach_back_scores_attempt" FOREIGN KEY ("teach_back_id") REFERENCES "trainer_teach_backs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_trainer_teach_back_scores_scorer" FOREIGN KEY ("scorer_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await appendOnly('trainer_teach_back_scores');

    await queryRunner.query(`CREATE TABLE "trainer_calibration_attempts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "course_id" text NOT NULL,
      "track_version_id" uuid NOT NULL,
      "grades" jsonb NOT NULL,
      "agreed" integer NOT NULL,
      "total" integer NOT NULL,
      "passed" boolean NOT NULL,
      "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_trainer_calibration_attempts_counts" CHECK ("total" > 0 AND "agreed" BETWEEN 0 AND "total"),
      CONSTRAINT "PK_trainer_calibration_attempts" PRIMARY KEY ("id"),
      CONSTRAINT "FK_trainer_calibration_attempts_version" FOREIGN KEY ("track_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      ${owned('trainer_calibration_attempts')})`);
    await queryRunner.query(
      `CREATE INDEX "trainer_calibration_attempts_person" ON "trainer_calibration_attempts" ("user_id", "course_id")`,
    );
    await appendOnly('trainer_calibration_attempts');

    await queryRunner.query(`CREATE TABLE "trainer_sign_offs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "course_id" text NOT NULL,
      "cohort_id" uuid NOT NULL,
      "master_user_id" uuid NOT NULL,
      "note" text NOT NULL DEFAULT '',
      "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_trainer_sign_offs" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_trainer_sign_offs_cohort" UNIQUE ("user_id", "course_id", "cohort_id"),
      CONSTRAINT "FK_trainer_sign_offs_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_trainer_sign_offs_master" FOREIGN KEY ("master_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      ${owned('trainer_sign_offs')})`);
    await appendOnly('trainer_sign_offs');

    // The per-course trainer grant: valid from certified_at until valid_until (the recertification date).
    await queryRunner.query(`CREATE TABLE "trainer_certifications" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "course_id" text NOT NULL,
      "kind" text NOT NULL,
      "certified_by" uuid,
      "certified_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "valid_until" date NOT NULL,
      CONSTRAINT "CHK_trainer_certifications_kind" CHECK ("kind" IN ('certification', 'recertification', 'master-appointment')),
      CONSTRAINT "PK_trainer_certifications" PRIMARY KEY ("id"),
      CONSTRAINT "FK_trainer_certifications_certifier" FOREIGN KEY ("certified_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      ${owned('trainer_certifications')})`);
    await queryRunner.query(
      `CREATE INDEX "trainer_certifications_person" ON "trainer_certifications" ("user_id", "course_id", "certified_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "trainer_certifications_certifier" ON "trainer_certifications" ("certified_by")`,
    );
    await appendOnly('trainer_certifications');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'trainer_certifications',
      'trainer_sign_offs',
      'trainer_calibration_attempts',
      'trainer_teach_back_scores',
      'trainer_teach_backs',
      'trainer_stage_transitions',
    ])
      await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(`DROP FUNCTION "forbid_trainer_history_change"()`);
    await queryRunner.query(`ALTER TABLE "cohort_trainers" DROP CONSTRAINT "CHK_cohort_trainers_role"`);
    await queryRunner.query(`ALTER TABLE "cohort_trainers" DROP COLUMN "assigned_at"`);
    await queryRunner.query(`ALTER TABLE "cohort_trainers" DROP COLUMN "role"`);
    await queryRunner.query(`ALTER TABLE "course_versions" DROP COLUMN "track"`);
    await queryRunner.query(`ALTER TABLE "courses" DROP CONSTRAINT "CHK_courses_kind"`);
    await queryRunner.query(`ALTER TABLE "courses" DROP COLUMN "kind"`);
  }
}
