import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthTokensMail1763930000000 implements MigrationInterface {
  name = 'AuthTokensMail1763930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Only a hash of each e-mailed token is kept, so a database leak opens no account.
    await queryRunner.query(`CREATE TABLE "auth_tokens" (
      "token_hash" character(64) NOT NULL,
      "user_id" uuid NOT NULL,
      "purpose" text NOT NULL,
      "institute_id" uuid,
      "role" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_auth_tokens_purpose" CHECK ("purpose" IN ('invitation', 'password-reset')),
      CONSTRAINT "CHK_auth_tokens_role" CHECK ("role" IS NULL OR "role" IN ('participant', 'trainer', 'admin')),
      CONSTRAINT "PK_auth_tokens" PRIMARY KEY ("token_hash"),
      CONSTRAINT "FK_auth_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
      CONSTRAINT "FK_auth_tokens_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE INDEX "auth_tokens_user" ON "auth_tokens" ("user_id")`);
    // Mail kept by the development capture server (MAIL_CAPTURE); empty in production.
    await queryRunner.query(`CREATE TABLE "captured_mails" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "to" text NOT NULL,
      "subject" text NOT NULL,
      "text" text NOT NULL,
      "html" text,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_captured_mails" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "captured_mails_received_at" ON "captured_mails" ("received_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "captured_mails"`);
    await queryRunner.query(`DROP TABLE "auth_tokens"`);
  }
}
