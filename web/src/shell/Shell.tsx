import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Select, Switch, Text, TextInput, Title, useMantineColorScheme } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";

import { useSession } from "../auth/session";
import { mayReadWorkflows, sectionsOf } from "../permissions";
import { useRecent } from "./recent";

/** Navigation by role, the global search, language and colour scheme, sign-out; collapses at phone width. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const [q, setQ] = useState("");
  const recent = useRecent();
  if (!session.user) return <Navigate to={location.pathname.startsWith("/me") ? "/me/signin" : "/signin"} replace />;
  const sections = sectionsOf(session.user.groups);

  function search(event: FormEvent) {
    event.preventDefault();
    if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
    close();
  }

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("app.nav")} />
            <Title order={2} size="h4">
              {t("app.title")}
            </Title>
          </Group>
          {sections.has("search") && (
            <form onSubmit={search} role="search" style={{ flex: 1, maxWidth: 420 }}>
              <TextInput aria-label={t("search.label")} placeholder={t("search.placeholder")} value={q}
                onChange={(e) => setQ(e.currentTarget.value)} />
            </form>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t("app.nav")}>
        <AppShell.Section grow component={ScrollArea} type="auto">
          {sections.has("dashboard") && (
            <NavLink variant="filled" component={Link} to="/dashboard" label={t("nav.dashboard")}
              active={location.pathname.startsWith("/dashboard")} onClick={close} />
          )}
          {sections.has("customers") && (
            <NavLink variant="filled" component={Link} to="/customers" label={t("nav.customers")} active={location.pathname.startsWith("/customers")}
              onClick={close} />
          )}
          {sections.has("quote") && (
            <NavLink variant="filled" component={Link} to="/quote" label={t("nav.quote")} active={location.pathname.startsWith("/quote")}
              onClick={close} />
          )}
          {sections.has("cases") && (
            <NavLink variant="filled" component={Link} to="/cases" label={t("nav.cases")} active={location.pathname.startsWith("/cases")}
              onClick={close} />
          )}
          {sections.has("kb") && (
            <NavLink variant="filled" component={Link} to="/kb" label={t("nav.kb")} active={location.pathname.startsWith("/kb")}
              onClick={close} />
          )}
          {sections.has("sales") &&
            (["pipeline", "leads", "forecast"] as const).map((to) => (
              <NavLink key={to} variant="filled" component={Link} to={`/${to}`} label={t(`nav.${to}`)}
                active={location.pathname.startsWith(`/${to}`)} onClick={close} />
            ))}
          {sections.has("purchasing") &&
            (["suppliers", "rfqs", "purchase-orders", "portfolio"] as const).map((to) => (
              <NavLink key={to} variant="filled" component={Link} to={`/${to}`} label={t(`nav.${to === "purchase-orders" ? "purchaseOrders" : to}`)}
                active={location.pathname.startsWith(`/${to}`)} onClick={close} />
            ))}
          {sections.has("partners") &&
            (["registrations", "partners"] as const).map((to) => (
              <NavLink key={to} variant="filled" component={Link} to={`/${to}`} label={t(`nav.${to}`)}
                active={location.pathname.startsWith(`/${to}`)} onClick={close} />
            ))}
          {sections.has("portal") &&
            ([["/portal", "portal"], ["/portal/register", "register"], ["/portal/statements", "statements"]] as const).map(([to, label]) => (
              <NavLink key={to} variant="filled" component={Link} to={to} label={t(`nav.${label}`)} active={location.pathname === to}
                onClick={close} />
            ))}
          {sections.has("me") &&
            ([["/me", "myOrders"], ["/me/cases", "myCases"], ["/me/chat", "myChat"], ["/me/help", "myHelp"], ["/me/settings", "mySettings"]] as const).map(([to, label]) => (
              <NavLink key={to} variant="filled" component={Link} to={to} label={t(`nav.${label}`)}
                active={to === "/me" ? location.pathname === "/me" : location.pathname.startsWith(to)} onClick={close} />
            ))}
          {sections.has("admin") && (
            <NavLink variant="filled" component={Link} to="/admin/users" label={t("nav.users")}
              active={location.pathname.startsWith("/admin")} onClick={close} />
          )}
          {sections.has("admin") && (
            <NavLink variant="filled" component={Link} to="/settings/fields" label={t("fields.nav")}
              active={location.pathname.startsWith("/settings/fields")} onClick={close} />
          )}
          {sections.has("admin") && (
            <NavLink variant="filled" component={Link} to="/settings/integrations" label={t("integrations.nav")}
              active={location.pathname.startsWith("/settings/integrations")} onClick={close} />
          )}
          {mayReadWorkflows(session.user.groups) && (
            <NavLink variant="filled" component={Link} to="/settings/workflows" label={t("workflows.nav")}
              active={location.pathname.startsWith("/settings/workflows")} onClick={close} />
          )}
          {sections.has("campaigns") && (
            <NavLink variant="filled" component={Link} to="/campaigns" label={t("nav.campaigns")}
              active={location.pathname.startsWith("/campaigns")} onClick={close} />
          )}
          {sections.has("settings") && (
            <NavLink variant="filled" component={Link} to="/settings" label={t("nav.settings")}
              active={location.pathname === "/settings"} onClick={close} />
          )}
          {sections.has("calendar") && (
            <NavLink variant="filled" component={Link} to="/calendar" label={t("nav.calendar")}
              active={location.pathname.startsWith("/calendar")} onClick={close} />
          )}
          {recent.length > 0 && (
            <nav aria-label={t("app.recent")}>
              <Text size="sm" fw={700} mt="md" mb={4}>
                {t("app.recent")}
              </Text>
              {recent.map((r) => (
                <NavLink key={r.id} component={Link} to={`/customers/${r.id}`} label={r.name} onClick={close} />
              ))}
            </nav>
          )}
        </AppShell.Section>
        <AppShell.Section mt="sm">
          <Select label={t("app.language")} value={i18n.language} allowDeselect={false}
            data={[{ value: "en", label: "English" }, { value: "pl", label: "Polski" }]}
            onChange={(lang) => { if (lang) { localStorage.setItem("crm.lang", lang); void i18n.changeLanguage(lang); } }} />
          <Switch mt="sm" label={t("app.theme")} checked={colorScheme === "dark"}
            onChange={(e) => setColorScheme(e.currentTarget.checked ? "dark" : "light")} />
          <Text size="xs" mt="sm">
            {session.user.email}
          </Text>
          <Button variant="subtle" mt="xs" onClick={() => { session.signOut(); navigate(sections.has("me") ? "/me/signin" : "/signin"); }}>
            {t("app.signOut")}
          </Button>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
