import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InstitutesAccounts1763910000000 implements MigrationInterface {
  name = 'InstitutesAccounts1763910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "institutes" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "slug" text NOT NULL,
      "name" text NOT NULL,
      "country" character(2) NOT NULL,
      "default_language" text NOT NULL,
      "languages" text array NOT NULL,
      "is_hub" boolean NOT NULL DEFAULT false,
      "branding" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_institutes_slug" UNIQUE ("slug"),
      CONSTRAINT "PK_institutes" PRIMARY KEY ("id"))`);
    // One hub authors the master courses.
    await queryRunner.query(`CREATE UNIQUE INDEX "institutes_one_hub" ON "institutes" ("is_hub") WHERE "is_hub"`);
    await queryRunner.query(`CREATE TABLE "users" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "email" text NOT NULL,
      "full_name" text NOT NULL,
      "password_hash" text,
      "preferred_language" text NOT NULL DEFAULT 'en',
      "is_platform_admin" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "disabled_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "UQ_users_email" UNIQUE ("email"),
      CONSTRAINT "CHK_users_email_lowercase" CHECK ("email" = lower("email")),
      CONSTRAINT "PK_users" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "memberships" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "institute_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "role" text NOT NULL,
      "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_memberships_role" CHECK ("role" IN ('participant', 'trainer', 'admin')),
      CONSTRAINT "PK_memberships" PRIMARY KEY ("id"),
      CONSTRAINT "FK_memberships_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_memberships_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    // A role is held once at a time; revoked rows stay as history.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "memberships_active_role" ON "memberships" ("institute_id", "user_id", "role") WHERE "revoked_at" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "memberships_user" ON "memberships" ("user_id")`);
    await queryRunner.query(`CREATE TABLE "sessions" (
      "token_hash" character(64) NOT NULL,
      "user_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_sessions" PRIMARY KEY ("token_hash"),
      CONSTRAINT "FK_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE INDEX "sessions_user" ON "sessions" ("user_id")`);
    await queryRunner.query(`CREATE TABLE "audit_log" (
      "id" bigserial NOT NULL,
      "institute_id" uuid,
      "actor_user_id" uuid,
      "action" text NOT NULL,
      "entity_type" text NOT NULL,
      "entity_id" text NOT NULL,
      "before" jsonb,
      "after" jsonb,
      "reason" text,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_audit_log" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "audit_log_institute_at" ON "audit_log" ("institute_id", "at")`);
    // The audit trail is append-only.
    await queryRunner.query(`CREATE FUNCTION "forbid_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "forbid_audit_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP FUNCTION "forbid_audit_change"()`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "institutes"`);
  }
}
