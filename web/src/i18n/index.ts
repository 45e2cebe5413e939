import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import { camp } from "./camp";
import { core } from "./core";
import { dash } from "./dash";
import { fields } from "./fields";
import { integrations } from "./integrations";
import { kb } from "./kb";
import { me } from "./me";
import { prm } from "./prm";
import { purchasing } from "./purchasing";
import { sales } from "./sales";
import { work } from "./work";
import { workflows } from "./workflows";

/** Every text the console shows, in English and Polish: one catalogue, kept in a few files by area (one top-level group belongs to one file). */
export const catalogue = {
  en: { translation: { ...core.en, ...sales.en, ...work.en, ...purchasing.en, ...prm.en, ...dash.en, ...camp.en, ...kb.en, ...me.en, ...fields.en, ...integrations.en, ...workflows.en } },
  pl: { translation: { ...core.pl, ...sales.pl, ...work.pl, ...purchasing.pl, ...prm.pl, ...dash.pl, ...camp.pl, ...kb.pl, ...me.pl, ...fields.pl, ...integrations.pl, ...workflows.pl } },
};

void i18n.use(initReactI18next).init({
  resources: catalogue,
  lng: localStorage.getItem("crm.lang") ?? "en",
  fallbackLng: "en",
  interpolation: { escapeValue: false },
});

export default i18n;
