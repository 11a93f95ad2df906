-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "role" AS ENUM ('coordinateur', 'referent_technique', 'referent_elu', 'pilote', 'partenaire');

-- CreateEnum
CREATE TYPE "objective_kind" AS ENUM ('enjeu', 'objectif_strategique', 'objectif_operationnel');

-- CreateEnum
CREATE TYPE "action_status" AS ENUM ('a_lancer', 'en_cours', 'realisee', 'suspendue', 'abandonnee');

-- CreateEnum
CREATE TYPE "precision" AS ENUM ('day', 'month', 'quarter', 'semester', 'school_year', 'year', 'range');

-- CreateEnum
CREATE TYPE "event_kind" AS ENUM ('copil', 'cotech', 'groupe_de_travail', 'cellule_de_suivi', 'commission', 'journee_ressources', 'rencontre_de_territoire', 'reunion_partenariale', 'signature', 'autre');

-- CreateTable
CREATE TABLE "territory" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "short_name" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "description" TEXT,
    "convention_title" TEXT,
    "convention_start" DATE,
    "convention_end" DATE,
    "notice_months" INTEGER,
    "signed_on" DATE,
    "signatories" TEXT[],
    "partners" TEXT[],
    "source" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "territory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commune" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "postal_code" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "commune_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organisation" TEXT,
    "title" TEXT,
    "email" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_role" (
    "id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "role" "role" NOT NULL,
    "commune_id" UUID,
    "action_id" UUID,
    "detail" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "person_role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_identity" (
    "id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "chat_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "axis" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "axis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "objective" (
    "id" UUID NOT NULL,
    "axis_id" UUID NOT NULL,
    "parent_id" UUID,
    "kind" "objective_kind" NOT NULL,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "objective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "axis_id" UUID,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "objective" TEXT,
    "constat" TEXT,
    "objectifs" TEXT[],
    "pilote" TEXT,
    "partenaires" TEXT[],
    "public_cible" TEXT,
    "resultats_attendus" TEXT[],
    "moyens" TEXT,
    "indicateurs" TEXT[],
    "status" "action_status" NOT NULL DEFAULT 'a_lancer',
    "echeancier" TEXT,
    "linked_axes" TEXT[],
    "explicit_milestones" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "milestone" (
    "id" UUID NOT NULL,
    "action_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "start" DATE,
    "end" DATE,
    "precision" "precision",
    "text" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "done" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "event_kind" NOT NULL,
    "title" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "end" TIMESTAMPTZ(3),
    "all_day" BOOLEAN NOT NULL DEFAULT false,
    "place" TEXT,
    "description" TEXT,
    "tentative" BOOLEAN NOT NULL DEFAULT false,
    "example" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "event_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "composition" TEXT,
    "frequency" TEXT,
    "min_per_year" INTEGER,
    "secretariat" TEXT,
    "animation" TEXT,
    "source" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "equipment" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "commune_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "equipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "glossary_entry" (
    "id" UUID NOT NULL,
    "territory_id" UUID,
    "acronym" TEXT NOT NULL,
    "expansion" TEXT NOT NULL,
    "explanation" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "glossary_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "params" JSONB,
    "source" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_binding" (
    "id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "territory_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_binding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "territory_slug_key" ON "territory"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "commune_territory_id_slug_key" ON "commune"("territory_id", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "person_territory_id_key_key" ON "person"("territory_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "chat_identity_platform_external_id_key" ON "chat_identity"("platform", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "axis_territory_id_number_key" ON "axis"("territory_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "action_territory_id_number_key" ON "action"("territory_id", "number");

-- CreateIndex
CREATE INDEX "milestone_start_idx" ON "milestone"("start");

-- CreateIndex
CREATE INDEX "event_start_idx" ON "event"("start");

-- CreateIndex
CREATE UNIQUE INDEX "event_territory_id_key_key" ON "event"("territory_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "instance_territory_id_key_key" ON "instance"("territory_id", "key");

-- CreateIndex
CREATE INDEX "glossary_entry_acronym_idx" ON "glossary_entry"("acronym");

-- CreateIndex
CREATE UNIQUE INDEX "rule_territory_id_key_key" ON "rule"("territory_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "channel_binding_platform_channel_id_key" ON "channel_binding"("platform", "channel_id");

-- AddForeignKey
ALTER TABLE "commune" ADD CONSTRAINT "commune_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_role" ADD CONSTRAINT "person_role_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_role" ADD CONSTRAINT "person_role_commune_id_fkey" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_role" ADD CONSTRAINT "person_role_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_identity" ADD CONSTRAINT "chat_identity_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "axis" ADD CONSTRAINT "axis_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objective" ADD CONSTRAINT "objective_axis_id_fkey" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objective" ADD CONSTRAINT "objective_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_axis_id_fkey" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance" ADD CONSTRAINT "instance_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_commune_id_fkey" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "glossary_entry" ADD CONSTRAINT "glossary_entry_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule" ADD CONSTRAINT "rule_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_binding" ADD CONSTRAINT "channel_binding_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;
