-- The article of a territory's name, for French sentences (« de l'Agglomération d'Agen »).
ALTER TABLE "territory" ADD COLUMN "article" TEXT;
