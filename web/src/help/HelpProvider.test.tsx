import Header from "@cloudscape-design/components/header";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADMIN_UI, permissions, services, tokens, user } from "../test/fakeApi";
import { renderRoutes } from "../test/render";
import { letFlashesSettle } from "../test/settle";
import Shell from "../layout/Shell";
import { InfoLink } from "./InfoLink";

letFlashesSettle();

function app(path = "/") {
  const s = services({ "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }) });
  s.session.start(tokens(user()));
  return renderRoutes(
    s,
    [
      {
        path: "/",
        element: <Shell />,
        children: [
          { index: true, element: <Header variant="h1" info={<InfoLink topic="external-id" />}>Home</Header> },
          { path: "tasks", element: <Header variant="h1">Task list</Header> },
        ],
      },
    ],
    path,
  );
}

/** The help panel's drawer: there only while open. */
const drawer = () => [...document.querySelectorAll<HTMLElement>('aside[aria-label="Help panel"]')].find((a) => a.querySelector("h2"));
function panel(): HTMLElement {
  const el = drawer();
  if (!el) throw new Error("the help panel is closed");
  return el;
}
const isOpen = () => !!drawer() && drawer()?.getAttribute("aria-hidden") !== "true";
const title = () => panel().querySelector("h2")?.textContent;
/** The top navigation's Help button (it keeps a hidden copy of itself for measuring). */
const helpButton = () => screen.getAllByLabelText("Help").find((el) => !el.closest('[aria-hidden="true"]')) as HTMLElement;
const label = (el: Element | null) => el?.getAttribute("aria-label");

describe("the help panel", () => {
  it("starts closed, taking no room, and the Help button opens it on the page's own topic", async () => {
    app();
    await screen.findByText("Home");
    expect(document.querySelector('aside[aria-label="Help panel"]')).toBeNull();
    fireEvent.click(helpButton());
    await waitFor(() => expect(isOpen()).toBe(true));
    expect(title()).toBe("Dashboard");
    await waitFor(() => expect(label(document.activeElement)).toBe("Close help panel"));
  });

  it("opens on an Info link's topic with focus on its close button, and Escape returns focus to the link", async () => {
    app();
    const info = await screen.findByLabelText("Info about External id");
    info.focus();
    fireEvent.click(info);
    await waitFor(() => expect(isOpen()).toBe(true));
    expect(title()).toBe("External id");
    expect(panel().textContent).toMatch(/trusts CloudCensus only when it presents this value/);
    await waitFor(() => expect(label(document.activeElement)).toBe("Close help panel"));

    fireEvent.keyDown(document.activeElement as Element, { key: "Escape" });
    await waitFor(() => expect(isOpen()).toBe(false));
    await waitFor(() => expect(document.activeElement).toBe(info));
  });

  it("shows the chosen topic again when reopened on the same page, and another page's own topic there", async () => {
    app();
    fireEvent.click(await screen.findByLabelText("Info about External id"));
    await waitFor(() => expect(isOpen()).toBe(true));
    fireEvent.click(screen.getByLabelText("Close help panel"));
    await waitFor(() => expect(isOpen()).toBe(false));
    fireEvent.click(helpButton());
    await waitFor(() => expect(isOpen()).toBe(true));
    expect(title()).toBe("External id");

    const tasks = await waitFor(() => {
      const a = [...document.querySelectorAll("nav a")].find((l) => l.textContent === "Tasks");
      if (!a) throw new Error("no Tasks link yet");
      return a;
    });
    fireEvent.click(tasks);
    await screen.findByText("Task list");
    expect(title()).toBe("Tasks");
  });

  it("links to AWS documentation in a new tab", async () => {
    app();
    fireEvent.click(await screen.findByLabelText("Info about External id"));
    const link = await waitFor(() => {
      const a = panel().querySelector<HTMLAnchorElement>('a[href^="https://docs.aws.amazon.com/"]');
      if (!a) throw new Error("no link yet");
      return a;
    });
    expect(link.target).toBe("_blank");
    expect(link.rel).toContain("noopener");
  });
});

describe("an Info link outside the shell", () => {
  it("does nothing, so a page renders alone in a test", async () => {
    const s = services({});
    renderRoutes(s, [{ path: "/", element: <InfoLink topic="units" /> }], "/");
    fireEvent.click(await screen.findByLabelText("Info about Regions and units"));
    expect(document.querySelector("aside")).toBeNull();
  });
});
