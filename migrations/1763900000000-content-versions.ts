import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContentVersions1763900000000 implements MigrationInterface {
  name = 'ContentVersions1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "courses" (
      "id" text NOT NULL,
      "slug" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_courses_slug" UNIQUE ("slug"),
      CONSTRAINT "PK_courses" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "course_versions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "course_id" text NOT NULL,
      "number" integer NOT NULL,
      "content_hash" character(64) NOT NULL,
      "language" text NOT NULL,
      "title" text NOT NULL,
      "summary" text NOT NULL,
      "outline" jsonb NOT NULL,
      "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_course_versions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_course_versions_course" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "course_versions_course_number_key" ON "course_versions" ("course_id", "number")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "course_versions_course_hash_key" ON "course_versions" ("course_id", "content_hash")`);
    await queryRunner.query(`CREATE TABLE "course_modules" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "course_version_id" uuid NOT NULL,
      "module_key" text NOT NULL,
      "number" integer NOT NULL,
      "week_number" integer NOT NULL,
      "title" text NOT NULL,
      "estimated_minutes" integer NOT NULL,
      "objectives" jsonb NOT NULL,
      "introduction_markdown" text NOT NULL,
      "introduction_html" text NOT NULL,
      CONSTRAINT "PK_course_modules" PRIMARY KEY ("id"),
      CONSTRAINT "FK_course_modules_version" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "course_modules_version_key_key" ON "course_modules" ("course_version_id", "module_key")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "course_modules_version_number_key" ON "course_modules" ("course_version_id", "number")`);
    await queryRunner.query(`CREATE TABLE "module_sections" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "module_id" uuid NOT NULL,
      "section_key" text NOT NULL,
      "position" integer NOT NULL,
      "title" text NOT NULL,
      "kind" text NOT NULL,
      "markdown" text NOT NULL,
      "html" text NOT NULL,
      "source_hash" character(64) NOT NULL,
      CONSTRAINT "PK_module_sections" PRIMARY KEY ("id"),
      CONSTRAINT "FK_module_sections_module" FOREIGN KEY ("module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "module_sections_module_key_key" ON "module_sections" ("module_id", "section_key")`);
    // Versions are the record of what participants were taught: once written they never change.
    await queryRunner.query(`CREATE FUNCTION "forbid_content_version_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'course versions are immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
      END $$`);
    for (const table of ['course_versions', 'course_modules', 'module_sections']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "forbid_content_version_change"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "module_sections"`);
    await queryRunner.query(`DROP TABLE "course_modules"`);
    await queryRunner.query(`DROP TABLE "course_versions"`);
    await queryRunner.query(`DROP FUNCTION "forbid_content_version_change"()`);
    await queryRunner.query(`DROP TABLE "courses"`);
  }
}
