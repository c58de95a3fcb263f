import type { ReactNode } from "react";

interface Props {
  /** The id of the element naming the region (usually the table's caption). */
  labelledBy: string;
  className?: string;
  children: ReactNode;
}

/**
 * A wrapper that scrolls a wide table sideways on narrow screens. It takes keyboard focus so that
 * people who do not use a pointer can scroll it too, and is named after its table.
 */
export function ScrollRegion({ labelledBy, className, children }: Props) {
  return (
    <section
      className={className ? `table-wrap ${className}` : "table-wrap"}
      aria-labelledby={labelledBy}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
    >
      {children}
    </section>
  );
}
