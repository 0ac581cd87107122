import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: one row per thing a person is told (the in-app list), written once under a unique dedupe key so
 * that a retried or duplicated job adds nothing; the e-mail of each row is sent by its own job and marked in
 * `emailed_at` (or `email_skipped_at` when the person turned that kind of mail off). Per-person e-mail preferences,
 * and the instant the periodic scan has covered so far.
 */
export class Notifications1764030000000 implements MigrationInterface {
  name = 'Notifications1764030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notifications" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" uuid NOT NULL,
      "institute_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "dedupe_key" text NOT NULL,
      "payload" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "read_at" TIMESTAMP WITH TIME ZONE,
      "emailed_at" TIMESTAMP WITH TIME ZONE,
      "email_skipped_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_notifications_kind" CHECK ("kind" IN ('module-unlocked', 'deadline-approaching', 'review-received', 'grade-released', 'certificate-issued', 'trainer-digest')),
      CONSTRAINT "CHK_notifications_email_once" CHECK ("emailed_at" IS NULL OR "email_skipped_at" IS NULL),
      CONSTRAINT "UQ_notifications_dedupe_key" UNIQUE ("dedupe_key"),
      CONSTRAINT "PK_notifications" PRIMARY KEY ("id"),
      CONSTRAINT "FK_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_notifications_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE INDEX "notifications_user_created" ON "notifications" ("user_id", "created_at" DESC, "id")`,
    );
    // The header's unread count: one index-only COUNT per signed-in page.
    await queryRunner.query(
      `CREATE INDEX "notifications_user_unread" ON "notifications" ("user_id") WHERE "read_at" IS NULL`,
    );
    // The scan's sweep of mails whose delivery job was never queued (a crash between commit and enqueue).
    await queryRunner.query(
      `CREATE INDEX "notifications_email_pending" ON "notifications" ("created_at") WHERE "emailed_at" IS NULL AND "email_skipped_at" IS NULL`,
    );
    await queryRunner.query(`CREATE TABLE "notification_preferences" (
      "user_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "email" boolean NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_notification_preferences" PRIMARY KEY ("user_id", "kind"),
      CONSTRAINT "CHK_notification_preferences_kind" CHECK ("kind" IN ('module-unlocked', 'deadline-approaching', 'review-received', 'grade-released', 'certificate-issued', 'trainer-digest')),
      CONSTRAINT "FK_notification_preferences_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE TABLE "notification_scans" (
      "name" text NOT NULL,
      "scanned_through" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_notification_scans" PRIMARY KEY ("name"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_scans"`);
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
