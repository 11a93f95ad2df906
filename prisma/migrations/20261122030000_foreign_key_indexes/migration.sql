-- CreateIndex
CREATE INDEX "person_role_person_id_idx" ON "person_role"("person_id");

-- CreateIndex
CREATE INDEX "person_role_action_id_idx" ON "person_role"("action_id");

-- CreateIndex
CREATE INDEX "chat_identity_person_id_idx" ON "chat_identity"("person_id");

-- CreateIndex
CREATE INDEX "objective_axis_id_idx" ON "objective"("axis_id");

-- CreateIndex
CREATE INDEX "action_axis_id_idx" ON "action"("axis_id");

-- CreateIndex
CREATE INDEX "milestone_action_id_idx" ON "milestone"("action_id");

-- CreateIndex
CREATE INDEX "equipment_territory_id_idx" ON "equipment"("territory_id");

-- CreateIndex
CREATE INDEX "equipment_commune_id_idx" ON "equipment"("commune_id");

-- CreateIndex
CREATE INDEX "glossary_entry_territory_id_idx" ON "glossary_entry"("territory_id");
