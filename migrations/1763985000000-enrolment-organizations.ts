import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization a participant comes from (school, district office, ministry unit), recorded per enrolment: what
 * the institute wrote for this cohort. Peer review can keep reviewers away from their own organization's plans.
 * Once recorded, an enrolment's organization never changes (re-enrolling, a new row, records another one); one that
 * was not given can be filled in once, with an audit row.
 */
export class EnrolmentOrganizations1763985000000 implements MigrationInterface {
  name = 'EnrolmentOrganizations1763985000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrolments" ADD "organization" text`);
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "CHK_enrolments_organization" CHECK ("organization" IS NULL OR ("organization" <> '' AND "organization" = btrim("organization") AND char_length("organization") <= 200))`,
    );
    await queryRunner.query(`CREATE FUNCTION "keep_enrolment_organization"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.organization IS NOT NULL AND NEW.organization IS DISTINCT FROM OLD.organization THEN
          RAISE EXCEPTION 'the organization of enrolment % is recorded and cannot change', OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "enrolments_organization_fixed" BEFORE UPDATE ON "enrolments" FOR EACH ROW EXECUTE FUNCTION "keep_enrolment_organization"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "enrolments_organization_fixed" ON "enrolments"`);
    await queryRunner.query(`DROP FUNCTION "keep_enrolment_organization"()`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "CHK_enrolments_organization"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP COLUMN "organization"`);
  }
}
