// Small pieces lists share: the empty state, the cells that keep to one
// line (a status never breaks mid-word; a long name is cut with an
// ellipsis and shown whole on hover and focus), and the filter controls,
// each bound to one filter of a list's search state.

import Box from "@cloudscape-design/components/box";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TruncatedText from "@cloudscape-design/components/truncated-text";
import { useEffect, useState, type ReactNode } from "react";
import type { SearchState } from "../hooks/useSearchState";
import { RouterLink } from "./RouterLink";

export function EmptyState({ title, subtitle, action }: { title: string; subtitle?: string; action?: ReactNode }) {
  return (
    <Box textAlign="center" color="inherit" padding={{ vertical: "s" }}>
      <SpaceBetween size="xxs">
        <Box variant="strong" color="inherit">
          {title}
        </Box>
        {subtitle && (
          <Box variant="p" color="inherit">
            {subtitle}
          </Box>
        )}
        {action}
      </SpaceBetween>
    </Box>
  );
}

/** Keeps its content on one line: a status indicator in a narrow column grows the column instead of breaking a word. */
export function NoWrap({ children }: { children: ReactNode }) {
  return <span style={{ whiteSpace: "nowrap" }}>{children}</span>;
}

/** A long value on one line, cut with an ellipsis; the whole text shows on hover and keyboard focus. */
export function Truncated({ text, children }: { text: string; children?: ReactNode }) {
  return <TruncatedText tooltipText={text}>{children ?? text}</TruncatedText>;
}

/** A list's name cell: the name as a link to its page, cut like any long value. */
export function TruncatedLink({ text, href }: { text: string; href: string }) {
  return (
    <Truncated text={text}>
      <RouterLink href={href}>{text}</RouterLink>
    </Truncated>
  );
}

/** A long value after a small control (a copy or download button), cut with an ellipsis when the column is narrow. */
export function WithControl({ control, text }: { control: ReactNode; text: string }) {
  return (
    <span style={{ display: "flex", alignItems: "center", gap: 4, minWidth: 0 }}>
      <span style={{ flexShrink: 0 }}>{control}</span>
      <Truncated text={text} />
    </span>
  );
}

/** Whether any filter of a list is set. */
export function hasFilters(values: Record<string, string>): boolean {
  return Object.values(values).some((v) => v !== "");
}

/** A select bound to one filter of a list; its first option, any, unsets it. */
export function FilterSelect<K extends string>(props: {
  state: SearchState<K>;
  name: K;
  any: string;
  options: { value: string; label: string }[];
  label: string;
  inlineLabel?: string;
}) {
  const { state, name, label, inlineLabel } = props;
  const options = [{ value: "", label: props.any }, ...props.options];
  return (
    <Select
      selectedOption={options.find((o) => o.value === state.values[name]) ?? options[0] ?? null}
      options={options}
      onChange={(e) => state.set({ [name]: e.detail.selectedOption.value } as Partial<Record<K | "page", string>>)}
      ariaLabel={label}
      inlineLabelText={inlineLabel}
    />
  );
}

/** A text filter: the list follows as the user types, a moment after they stop. */
export function FilterInput<K extends string>({ state, name, placeholder, label }: { state: SearchState<K>; name: K; placeholder: string; label: string }) {
  const committed = state.values[name];
  const { set } = state;
  const [text, setText] = useState(committed);
  useEffect(() => setText(committed), [committed]);
  useEffect(() => {
    const t = setTimeout(() => text.trim() !== committed && set({ [name]: text.trim() } as Partial<Record<K | "page", string>>), 400);
    return () => clearTimeout(t);
  }, [text, committed, set, name]);
  return <Input type="search" value={text} onChange={(e) => setText(e.detail.value)} placeholder={placeholder} ariaLabel={label} clearAriaLabel="Clear" />;
}
