import "@mantine/core/styles.css";
import "./i18n";

import { MantineProvider, createTheme, type CSSVariablesResolver } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useMemo } from "react";
import { createRoot } from "react-dom/client";
import { Navigate, RouterProvider, createBrowserRouter } from "react-router-dom";

import { apiClient } from "./api/client";
import { ApiContext } from "./api/hooks";
import { SessionProvider, useSession } from "./auth/session";
import { loadConfig, type RuntimeConfig } from "./config";
import { CaseDetail } from "./pages/CaseDetail";
import { Cases } from "./pages/Cases";
import { Customer360 } from "./pages/Customer360";
import { Customers } from "./pages/Customers";
import { NewCustomer } from "./pages/NewCustomer";
import { NewOrder } from "./pages/NewOrder";
import { OrderView } from "./pages/OrderView";
import { NewQuote } from "./pages/quotes/NewQuote";
import { QuoteView } from "./pages/quotes/QuoteView";
import { ImportCustomers } from "./pages/customers/ImportCustomers";
import { LeadDetail } from "./pages/sales/LeadDetail";
import { Leads } from "./pages/sales/Leads";
import { PriceQuote } from "./pages/PriceQuote";
import { ScreenPop } from "./pages/ScreenPop";
import { Search } from "./pages/Search";
import { SignIn } from "./pages/SignIn";
import { homeOf } from "./permissions";
import { Shell } from "./shell/Shell";

const router = createBrowserRouter([
  { path: "/signin", element: <SignIn /> },
  { path: "/me/signin", element: <SignIn portal /> },
  {
    element: <Shell />,
    children: [
      { path: "/", element: <Home /> },
      { path: "/customers", element: <Customers /> },
      { path: "/customers/new", element: <NewCustomer /> },
      { path: "/customers/:id", element: <Customer360 /> },
      { path: "/search", element: <Search /> },
      { path: "/pop", element: <ScreenPop /> },
      { path: "/quote", element: <PriceQuote /> },
      { path: "/cases", element: <Cases /> },
      { path: "/orders/new", element: <NewOrder /> },
      { path: "/orders/:id", element: <OrderView /> },
      { path: "/cases/:id", element: <CaseDetail /> },
      { path: "/customers/import", element: <ImportCustomers /> },
      { path: "/quotes/new", element: <NewQuote /> },
      { path: "/quotes/:id", element: <QuoteView /> },
      { path: "/leads", element: <Leads /> },
      { path: "/leads/:id", element: <LeadDetail /> },
      // drag and drop, charts and the calendar load when first opened: the first load stays small
      { path: "/pipeline", lazy: async () => ({ Component: (await import("./pages/sales/Pipeline")).Pipeline }) },
      { path: "/forecast", lazy: async () => ({ Component: (await import("./pages/sales/Forecast")).Forecast }) },
      { path: "/calendar", lazy: async () => ({ Component: (await import("./pages/tasks/Calendar")).Calendar }) },
      { path: "/suppliers", lazy: async () => ({ Component: (await import("./pages/purchasing/Suppliers")).Suppliers }) },
      { path: "/suppliers/:id", lazy: async () => ({ Component: (await import("./pages/purchasing/SupplierView")).SupplierView }) },
      { path: "/rfqs", lazy: async () => ({ Component: (await import("./pages/purchasing/Rfqs")).Rfqs }) },
      { path: "/rfqs/new", lazy: async () => ({ Component: (await import("./pages/purchasing/NewRfq")).NewRfq }) },
      { path: "/rfqs/:id", lazy: async () => ({ Component: (await import("./pages/purchasing/RfqView")).RfqView }) },
      { path: "/purchase-orders", lazy: async () => ({ Component: (await import("./pages/purchasing/PurchaseOrders")).PurchaseOrders }) },
      {
        path: "/purchase-orders/:id",
        lazy: async () => ({ Component: (await import("./pages/purchasing/PurchaseOrderView")).PurchaseOrderView }),
      },
      { path: "/portfolio", lazy: async () => ({ Component: (await import("./pages/purchasing/Portfolio")).Portfolio }) },
      { path: "/portal", lazy: async () => ({ Component: (await import("./pages/portal/PortalHome")).PortalHome }) },
      { path: "/portal/register", lazy: async () => ({ Component: (await import("./pages/portal/RegisterDeal")).RegisterDeal }) },
      {
        path: "/portal/registrations/:id",
        lazy: async () => ({ Component: (await import("./pages/portal/PortalRegistration")).PortalRegistration }),
      },
      { path: "/portal/statements", lazy: async () => ({ Component: (await import("./pages/portal/Statements")).Statements }) },
      { path: "/registrations", lazy: async () => ({ Component: (await import("./pages/partners/RegistrationQueue")).RegistrationQueue }) },
      {
        path: "/registrations/:id",
        lazy: async () => ({ Component: (await import("./pages/partners/RegistrationReview")).RegistrationReview }),
      },
      { path: "/templates", lazy: async () => ({ Component: (await import("./pages/campaigns/Templates")).Templates }) },
      { path: "/newsletters", lazy: async () => ({ Component: (await import("./pages/campaigns/Newsletters")).Newsletters }) },
      { path: "/campaigns", lazy: async () => ({ Component: (await import("./pages/campaigns/Campaigns")).Campaigns }) },
      { path: "/campaigns/:id", lazy: async () => ({ Component: (await import("./pages/campaigns/CampaignView")).CampaignView }) },
      { path: "/kb", lazy: async () => ({ Component: (await import("./pages/kb/Knowledge")).Knowledge }) },
      { path: "/kb/new", lazy: async () => ({ Component: (await import("./pages/kb/NewArticle")).NewArticle }) },
      { path: "/kb/:id", lazy: async () => ({ Component: (await import("./pages/kb/ArticleView")).ArticleView }) },
      { path: "/me", lazy: async () => ({ Component: (await import("./pages/me/MyOrders")).MyOrders }) },
      { path: "/me/cases", lazy: async () => ({ Component: (await import("./pages/me/MyCases")).MyCases }) },
      { path: "/me/cases/:id", lazy: async () => ({ Component: (await import("./pages/me/MyCase")).MyCase }) },
      { path: "/me/chat", lazy: async () => ({ Component: (await import("./pages/me/MyChat")).MyChat }) },
      { path: "/me/help", lazy: async () => ({ Component: (await import("./pages/me/MyHelp")).MyHelp }) },
      { path: "/me/help/:id/:lang", lazy: async () => ({ Component: (await import("./pages/me/MyHelp")).MyHelpArticle }) },
      { path: "/me/settings", lazy: async () => ({ Component: (await import("./pages/me/MySettings")).MySettings }) },
      { path: "/settings", lazy: async () => ({ Component: (await import("./pages/admin/Settings")).Settings }) },
      { path: "/admin/users", lazy: async () => ({ Component: (await import("./pages/admin/Users")).Users }) },
      { path: "/settings/fields", lazy: async () => ({ Component: (await import("./pages/fields/CustomFields")).CustomFields }) },
      { path: "/settings/workflows", lazy: async () => ({ Component: (await import("./pages/workflows/Workflows")).Workflows }) },
      { path: "/settings/integrations", lazy: async () => ({ Component: (await import("./pages/integrations/Integrations")).Integrations }) },
      { path: "/dashboard", lazy: async () => ({ Component: (await import("./pages/dashboard/Dashboard")).Dashboard }) },
      { path: "/partners", lazy: async () => ({ Component: (await import("./pages/partners/PartnerRanking")).PartnerRanking }) },
    ],
  },
]);

/** The signed-in user's first section (purchasing lands on suppliers, everyone else on customers). */
function Home() {
  const session = useSession();
  return <Navigate to={homeOf(session.user?.groups ?? [])} replace />;
}

function WithApi({ config }: { config: RuntimeConfig }) {
  const session = useSession();
  const token = session.tokens?.idToken ?? null;
  const api = useMemo(() => apiClient(config.apiUrl, () => token), [config.apiUrl, token]);
  return (
    <ApiContext.Provider value={api}>
      <RouterProvider router={router} />
    </ApiContext.Provider>
  );
}

// shade 8 of the primary colour: white text on it meets WCAG AA contrast (the default shade 6 does not)
// and field descriptions in the text colour (Mantine's dimmed grey falls short of it on white)
const theme = createTheme({
  primaryShade: { light: 8, dark: 8 },
  components: { InputWrapper: { styles: { description: { color: "var(--mantine-color-text)" } } } },
});

/** Field errors in a red dark enough to read (WCAG AA on white; Mantine's default red-6 is 3.3:1). */
const errorColours: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-error": "var(--mantine-color-red-9)" },
  dark: { "--mantine-color-error": "var(--mantine-color-red-4)" },
});

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 15_000 } } });

void loadConfig().then((config) => {
  createRoot(document.getElementById("root") as HTMLElement).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={errorColours}>
        <QueryClientProvider client={queries}>
          <SessionProvider config={config}>
            <WithApi config={config} />
          </SessionProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
});
