import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rebases of course copies onto newer master versions (issue 8 point 3): one row per rebase with its report
 * (units carried over, stale, removed upstream, re-anchored). History: the database refuses to change or delete it.
 */
export class CourseCopyRebases1764005000000 implements MigrationInterface {
  name = 'CourseCopyRebases1764005000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "course_copy_rebases" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "copy_id" uuid NOT NULL,
      "from_version_id" uuid NOT NULL,
      "to_version_id" uuid NOT NULL,
      "report" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "created_by" uuid,
      CONSTRAINT "PK_course_copy_rebases" PRIMARY KEY ("id"),
      CONSTRAINT "FK_course_copy_rebases_copy" FOREIGN KEY ("copy_id") REFERENCES "course_copies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_course_copy_rebases_from" FOREIGN KEY ("from_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_course_copy_rebases_to" FOREIGN KEY ("to_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_course_copy_rebases_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "course_copy_rebases_copy" ON "course_copy_rebases" ("copy_id", "created_at")`,
    );
    await queryRunner.query(`CREATE FUNCTION "forbid_course_copy_rebase_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'course copy rebases are append-only: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "course_copy_rebases_append_only" BEFORE UPDATE OR DELETE ON "course_copy_rebases" FOR EACH ROW EXECUTE FUNCTION "forbid_course_copy_rebase_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "course_copy_rebases"`);
    await queryRunner.query(`DROP FUNCTION "forbid_course_copy_rebase_change"()`);
  }
}
