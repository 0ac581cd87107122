import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Localized course copies (issue 8): an institute's copy of a master course version, and the history of its units
 * (translated, adapted, hidden, added). Unit rows are history: the database refuses to change or delete them; the
 * current state of a unit is its newest row. A cohort may run on a copy.
 */
export class CourseCopies1764000000000 implements MigrationInterface {
  name = 'CourseCopies1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "course_copies" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "course_id" text NOT NULL,
      "slug" text NOT NULL,
      "language" text NOT NULL,
      "title" text NOT NULL,
      "branding" jsonb NOT NULL DEFAULT '{}',
      "base_version_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "created_by" uuid,
      CONSTRAINT "UQ_course_copies_institute_slug" UNIQUE ("institute_id", "slug"),
      CONSTRAINT "PK_course_copies" PRIMARY KEY ("id"),
      CONSTRAINT "FK_course_copies_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_course_copies_course" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_course_copies_base_version" FOREIGN KEY ("base_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_course_copies_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    await queryRunner.query(`CREATE TABLE "course_copy_units" (
      "id" bigserial NOT NULL,
      "copy_id" uuid NOT NULL,
      "unit_id" text NOT NULL,
      "kind" text NOT NULL,
      "text" text,
      "source_hash" character(64),
      "after_unit" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "created_by" uuid,
      CONSTRAINT "CHK_course_copy_units_kind" CHECK ("kind" IN ('translated', 'adapted', 'hidden', 'added')),
      CONSTRAINT "PK_course_copy_units" PRIMARY KEY ("id"),
      CONSTRAINT "FK_course_copy_units_copy" FOREIGN KEY ("copy_id") REFERENCES "course_copies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_course_copy_units_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    // The current state of a unit is its newest row.
    await queryRunner.query(
      `CREATE INDEX "course_copy_units_current" ON "course_copy_units" ("copy_id", "unit_id", "id" DESC)`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_course_copy_unit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'course copy units are append-only: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "course_copy_units_append_only" BEFORE UPDATE OR DELETE ON "course_copy_units" FOR EACH ROW EXECUTE FUNCTION "forbid_course_copy_unit_change"()`,
    );

    await queryRunner.query(`ALTER TABLE "cohorts" ADD "course_copy_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "cohorts" ADD CONSTRAINT "FK_cohorts_course_copy" FOREIGN KEY ("course_copy_id") REFERENCES "course_copies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cohorts" DROP CONSTRAINT "FK_cohorts_course_copy"`);
    await queryRunner.query(`ALTER TABLE "cohorts" DROP COLUMN "course_copy_id"`);
    await queryRunner.query(`DROP TABLE "course_copy_units"`);
    await queryRunner.query(`DROP FUNCTION "forbid_course_copy_unit_change"()`);
    await queryRunner.query(`DROP TABLE "course_copies"`);
  }
}
