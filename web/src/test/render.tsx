// Renders console routes the way the app does (services, query cache,
// flashbar, a router) but in memory, starting at a given path.

import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, type RouteObject } from "react-router";
import { Providers } from "../app/App";
import type { Services } from "../app/services";

/** path may carry navigation state: { pathname, state }. */
export function renderRoutes(services: Services, routes: RouteObject[], path: string | { pathname: string; state?: unknown }, options: { jobPollMs?: number } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <Providers services={services} queryClient={queryClient} jobPollMs={options.jobPollMs}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...view, router, queryClient };
}
