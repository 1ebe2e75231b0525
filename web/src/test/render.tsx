// Renders console routes the way the app does (services, query cache,
// flashbar, a router) but in memory, starting at a given path.

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, type RouteObject } from "react-router";
import { ServicesProvider, type Services } from "../app/services";
import { FlashProvider } from "../components/flash";

export function renderRoutes(services: Services, routes: RouteObject[], path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <FlashProvider>
          <RouterProvider router={router} />
        </FlashProvider>
      </QueryClientProvider>
    </ServicesProvider>,
  );
  return { ...view, router, queryClient };
}
