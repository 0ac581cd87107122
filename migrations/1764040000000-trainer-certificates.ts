import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainer certificates: a certificate is either a participant's course certificate (kind `course`, with its
 * cohort) or a trainer certificate (kind `trainer`, no cohort), issued once per row of trainer_certifications
 * (a certification or a recertification) and valid until that row's recertification date. The name of the
 * certifying master trainer is kept on the certificate as printed. Existing rows are course certificates.
 */
export class TrainerCertificates1764040000000 implements MigrationInterface {
  name = 'TrainerCertificates1764040000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificates" ADD COLUMN "kind" text NOT NULL DEFAULT 'course'`);
    await queryRunner.query(`ALTER TABLE "certificates" ADD COLUMN "trainer_certification_id" uuid`);
    await queryRunner.query(`ALTER TABLE "certificates" ADD COLUMN "valid_until" date`);
    await queryRunner.query(`ALTER TABLE "certificates" ADD COLUMN "certifier_name" text`);
    await queryRunner.query(`ALTER TABLE "certificates" ALTER COLUMN "cohort_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "CHK_certificates_kind" CHECK ("kind" IN ('course', 'trainer'))`,
    );
    // A course certificate has a cohort and no certification; a trainer certificate the reverse, and an end date.
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "CHK_certificates_kind_refs" CHECK (
         ("kind" = 'course' AND "cohort_id" IS NOT NULL AND "trainer_certification_id" IS NULL)
         OR ("kind" = 'trainer' AND "cohort_id" IS NULL AND "trainer_certification_id" IS NOT NULL
             AND "valid_until" IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "FK_certificates_trainer_certification" FOREIGN KEY ("trainer_certification_id") REFERENCES "trainer_certifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // One trainer certificate per certification (and version, should one ever be reissued).
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "UQ_certificates_trainer_certification_version" UNIQUE ("trainer_certification_id", "version")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "certificates" DROP CONSTRAINT "UQ_certificates_trainer_certification_version"`,
    );
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "FK_certificates_trainer_certification"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "CHK_certificates_kind_refs"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "CHK_certificates_kind"`);
    await queryRunner.query(`ALTER TABLE "certificates" ALTER COLUMN "cohort_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "certifier_name"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "valid_until"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "trainer_certification_id"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "kind"`);
  }
}
