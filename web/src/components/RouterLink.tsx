// Cloudscape links and navigation that move inside the SPA instead of
// reloading the page (a reload would drop the in-memory session).

import Link, { type LinkProps } from "@cloudscape-design/components/link";
import type { ReactNode } from "react";
import { useNavigate } from "react-router";

/** onFollow handler for Cloudscape components that carry an href in their event. */
export function useFollow() {
  const navigate = useNavigate();
  return (e: CustomEvent<{ href?: string; external?: boolean }>) => {
    const href = e.detail.href;
    if (!href || e.detail.external || /^https?:/.test(href)) return;
    e.preventDefault();
    navigate(href);
  };
}

export function RouterLink({ href, children, ...rest }: Omit<LinkProps, "onFollow"> & { href: string; children: ReactNode }) {
  const follow = useFollow();
  return (
    <Link href={href} onFollow={follow} {...rest}>
      {children}
    </Link>
  );
}
