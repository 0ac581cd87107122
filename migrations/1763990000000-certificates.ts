import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates: one row per issued version (a reissue adds a version linked to the one it replaces), the files
 * made for it (PDF and signed credential), revocations, per-institute counters (serial numbers, status-list
 * indexes), issuer keys and the published status lists. Certificates, their files, revocations, keys and status
 * lists are history: the database refuses to change or delete them.
 */
export class Certificates1763990000000 implements MigrationInterface {
  name = 'Certificates1763990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "forbid_certificate_history_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are kept as written: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
      END $$`);
    const appendOnly = async (table: string): Promise<void> =>
      void (await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "forbid_certificate_history_change"()`,
      ));

    // Per institute: `serial-<year>` numbers certificates (NP-CEPT-2026-000123), `status-list` gives each its bit.
    await queryRunner.query(`CREATE TABLE "certificate_counters" (
      "institute_id" uuid NOT NULL,
      "scope" text NOT NULL,
      "last_value" integer NOT NULL,
      CONSTRAINT "PK_certificate_counters" PRIMARY KEY ("institute_id", "scope"),
      CONSTRAINT "FK_certificate_counters_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);

    await queryRunner.query(`CREATE TABLE "certificates" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "supersedes_id" uuid,
      "serial" text NOT NULL,
      "verification_code" text NOT NULL,
      "holder_name" text NOT NULL,
      "course_version_id" uuid NOT NULL,
      "course_title" text NOT NULL,
      "language" text NOT NULL,
      "hours" numeric(6,1) NOT NULL,
      "outcomes" jsonb NOT NULL,
      "started_on" date NOT NULL,
      "completed_on" date NOT NULL,
      "status_list_index" integer NOT NULL,
      "eligible_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "issued_by" uuid,
      "reason" text,
      CONSTRAINT "CHK_certificates_version" CHECK ("version" >= 1),
      CONSTRAINT "CHK_certificates_reissue" CHECK (("version" = 1) = ("supersedes_id" IS NULL)),
      CONSTRAINT "CHK_certificates_holder" CHECK (length(btrim("holder_name")) > 0),
      CONSTRAINT "PK_certificates" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_certificates_cohort_user_version" UNIQUE ("cohort_id", "user_id", "version"),
      CONSTRAINT "UQ_certificates_serial" UNIQUE ("serial"),
      CONSTRAINT "UQ_certificates_verification_code" UNIQUE ("verification_code"),
      CONSTRAINT "UQ_certificates_status_list_index" UNIQUE ("institute_id", "status_list_index"),
      CONSTRAINT "FK_certificates_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_certificates_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_certificates_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_certificates_supersedes" FOREIGN KEY ("supersedes_id") REFERENCES "certificates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE INDEX "certificates_cohort" ON "certificates" ("cohort_id", "user_id")`);
    await appendOnly('certificates');

    // What the worker made for a certificate: written once, when both are stored.
    await queryRunner.query(`CREATE TABLE "certificate_files" (
      "certificate_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "pdf_key" text NOT NULL,
      "pdf_sha256" character(64) NOT NULL,
      "pdf_size_bytes" integer NOT NULL,
      "credential_json" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_certificate_files" PRIMARY KEY ("certificate_id"),
      CONSTRAINT "FK_certificate_files_certificate" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await appendOnly('certificate_files');

    // A certificate is revoked once: by staff (kind revoked) or by a reissue (kind superseded).
    await queryRunner.query(`CREATE TABLE "certificate_revocations" (
      "certificate_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "reason" text NOT NULL,
      "revoked_by" uuid NOT NULL,
      "revoked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "CHK_certificate_revocations_kind" CHECK ("kind" IN ('revoked', 'superseded')),
      CONSTRAINT "CHK_certificate_revocations_reason" CHECK (length(btrim("reason")) > 0),
      CONSTRAINT "PK_certificate_revocations" PRIMARY KEY ("certificate_id"),
      CONSTRAINT "FK_certificate_revocations_certificate" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_certificate_revocations_user" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await appendOnly('certificate_revocations');

    // The institute's signing key (Ed25519, multibase). The secret belongs in a secret store in production.
    await queryRunner.query(`CREATE TABLE "certificate_issuer_keys" (
      "institute_id" uuid NOT NULL,
      "key_id" text NOT NULL,
      "controller" text NOT NULL,
      "public_key_multibase" text NOT NULL,
      "secret_key_multibase" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_certificate_issuer_keys" PRIMARY KEY ("institute_id"),
      CONSTRAINT "FK_certificate_issuer_keys_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await appendOnly('certificate_issuer_keys');

    // Each signed status list as published; the newest revision of a list is the one served.
    await queryRunner.query(`CREATE TABLE "certificate_status_lists" (
      "institute_id" uuid NOT NULL,
      "list_number" integer NOT NULL,
      "revision" integer NOT NULL,
      "credential_json" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_certificate_status_lists" PRIMARY KEY ("institute_id", "list_number", "revision"),
      CONSTRAINT "FK_certificate_status_lists_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await appendOnly('certificate_status_lists');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "certificate_status_lists"`);
    await queryRunner.query(`DROP TABLE "certificate_issuer_keys"`);
    await queryRunner.query(`DROP TABLE "certificate_revocations"`);
    await queryRunner.query(`DROP TABLE "certificate_files"`);
    await queryRunner.query(`DROP TABLE "certificates"`);
    await queryRunner.query(`DROP TABLE "certificate_counters"`);
    await queryRunner.query(`DROP FUNCTION "forbid_certificate_history_change"()`);
  }
}
