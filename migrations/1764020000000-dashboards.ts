import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboards: completed modules counted per enrolment as progress is written (statement-level triggers, one set-based
 * statement per write, so a bulk insert costs one upsert), so the institute and hub dashboards join one row per
 * enrolment instead of grouping every progress row; and the indexes their aggregates use (see EXPLAIN in the README).
 */
export class Dashboards1764020000000 implements MigrationInterface {
  name = 'Dashboards1764020000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "enrolment_module_completions" (
      "enrolment_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "completed_modules" integer NOT NULL,
      CONSTRAINT "PK_enrolment_module_completions" PRIMARY KEY ("enrolment_id"),
      CONSTRAINT "FK_enrolment_module_completions_enrolment" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "enrolment_module_completions_institute" ON "enrolment_module_completions" ("institute_id", "enrolment_id") INCLUDE ("completed_modules")`,
    );
    await queryRunner.query(`CREATE FUNCTION "dashboards_count_completions"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO enrolment_module_completions AS t (enrolment_id, institute_id, completed_modules)
          SELECT enrolment_id, (array_agg(institute_id))[1], count(*)::int
          FROM new_rows WHERE completed_at IS NOT NULL GROUP BY enrolment_id
          ON CONFLICT (enrolment_id) DO UPDATE SET completed_modules = t.completed_modules + EXCLUDED.completed_modules;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO enrolment_module_completions AS t (enrolment_id, institute_id, completed_modules)
          SELECT n.enrolment_id, (array_agg(n.institute_id))[1],
                 sum((n.completed_at IS NOT NULL)::int - (o.completed_at IS NOT NULL)::int)::int
          FROM new_rows n JOIN old_rows o ON o.enrolment_id = n.enrolment_id AND o.module_key = n.module_key
          GROUP BY n.enrolment_id
          HAVING sum((n.completed_at IS NOT NULL)::int - (o.completed_at IS NOT NULL)::int) <> 0
          ON CONFLICT (enrolment_id) DO UPDATE SET completed_modules = t.completed_modules + EXCLUDED.completed_modules;
        ELSE
          UPDATE enrolment_module_completions t SET completed_modules = t.completed_modules - d.completed
          FROM (SELECT enrolment_id, count(*)::int AS completed FROM old_rows
                WHERE completed_at IS NOT NULL GROUP BY enrolment_id) d
          WHERE t.enrolment_id = d.enrolment_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "module_progress_count_inserted" AFTER INSERT ON "module_progress" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboards_count_completions"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "module_progress_count_updated" AFTER UPDATE ON "module_progress" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboards_count_completions"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "module_progress_count_deleted" AFTER DELETE ON "module_progress" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboards_count_completions"()`,
    );
    await queryRunner.query(`INSERT INTO "enrolment_module_completions" (enrolment_id, institute_id, completed_modules)
      SELECT enrolment_id, (array_agg(institute_id))[1], count(*)::int
      FROM module_progress WHERE completed_at IS NOT NULL GROUP BY enrolment_id`);
    // People reached per institute (count of distinct participants) read from the index alone.
    await queryRunner.query(
      `CREATE INDEX "enrolments_institute_reach" ON "enrolments" ("institute_id", "user_id") WHERE "status" = 'enrolled'`,
    );
    await queryRunner.query(`CREATE INDEX "enrolments_institute_cohort" ON "enrolments" ("institute_id", "cohort_id")`);
    // Each person's latest certificate per cohort without a sort.
    await queryRunner.query(
      `CREATE INDEX "certificates_latest" ON "certificates" ("cohort_id", "user_id", "version" DESC) INCLUDE ("institute_id", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "certificates_latest"`);
    await queryRunner.query(`DROP INDEX "enrolments_institute_cohort"`);
    await queryRunner.query(`DROP INDEX "enrolments_institute_reach"`);
    await queryRunner.query(`DROP TRIGGER "module_progress_count_deleted" ON "module_progress"`);
    await queryRunner.query(`DROP TRIGGER "module_progress_count_updated" ON "module_progress"`);
    await queryRunner.query(`DROP TRIGGER "module_progress_count_inserted" ON "module_progress"`);
    await queryRunner.query(`DROP FUNCTION "dashboards_count_completions"()`);
    await queryRunner.query(`DROP TABLE "enrolment_module_completions"`);
  }
}
