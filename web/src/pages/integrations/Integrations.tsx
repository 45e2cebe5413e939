import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { Shops } from "./Shops";
import { Webhooks } from "./Webhooks";

/** Admins connect the CRM to other systems: online shops that send their orders, endpoints that get its events. */
export function Integrations() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("integrations.title")}
      </Title>
      <Shops />
      <Webhooks />
    </Stack>
  );
}
