// What components may ask of the app shell (keeps components free of each other).
import type { Facets, Note, PolicyRow, PolicyView, Span } from "./types";

export type ViewName = "reader" | "ask" | "notes" | "compare" | "diff" | "check";

/** Where to open a policy: a clause to scroll to and flash, and what to highlight inside it. */
export type Target = {
  /** The clause (search hit, evidence) to scroll to and flash. */
  clause?: Span;
  /** An item inside it to highlight (an evidence's data item). */
  item?: Span;
  /** Matched words to highlight inside the clause (a search hit's highlighted strings). */
  terms?: string[];
};

export interface Ctx {
  openPolicy(id: string, target?: Target): Promise<void>;
  showView(view: ViewName): void;
  policies(): PolicyRow[];
  facets(): Facets;
  current(): PolicyView | null;
  /** Reload the library and facets (after import/remove). */
  libraryChanged(): Promise<void>;
  /** A note was added, edited or deleted. */
  notesChanged(changed?: Note): void;
}
