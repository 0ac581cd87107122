import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExternalIds1763940000000 implements MigrationInterface {
  name = 'ExternalIds1763940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // An institute's own stable id for a person (from its enrolment files): one per person and institute.
    await queryRunner.query(`CREATE TABLE "external_ids" (
      "institute_id" uuid NOT NULL,
      "external_id" text NOT NULL,
      "user_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_external_ids" PRIMARY KEY ("institute_id", "external_id"),
      CONSTRAINT "UQ_external_ids_user" UNIQUE ("institute_id", "user_id"),
      CONSTRAINT "FK_external_ids_institute" FOREIGN KEY ("institute_id") REFERENCES "institutes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_external_ids_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "external_ids"`);
  }
}
