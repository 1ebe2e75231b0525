// Entry point: builds the API client, the in-memory session and the router.

import "@cloudscape-design/global-styles/index.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApi } from "./api/api";
import { ApiClient } from "./api/client";
import { App, createQueryClient } from "./app/App";
import { createRouter } from "./app/router";
import { Session } from "./auth/session";

const publicApi = createApi(new ApiClient());
const session = new Session(() => publicApi.auth.refresh());
const api = createApi(new ApiClient({ tokens: session }));
const queryClient = createQueryClient();
session.subscribe((e) => {
  if (e.ended) queryClient.clear();
});

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
// A reload or a new tab resumes the session its cookie names, before the
// first page decides whether to ask for a sign-in.
void session.restore().finally(() => {
  createRoot(root).render(
    <StrictMode>
      <App services={{ api, session }} queryClient={queryClient} router={createRouter()} />
    </StrictMode>,
  );
});
