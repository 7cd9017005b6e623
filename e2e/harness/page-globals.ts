/**
 * The few browser globals page-side functions in the e2e tests use (those files are typed for Node, not the DOM).
 */
export interface PageElement {
  textContent: string | null;
  value?: string;
  getAttribute(name: string): string | null;
}
export interface PageGlobals {
  document: {
    activeElement: PageElement | null;
    querySelector(selector: string): PageElement | null;
    getElementById(id: string): PageElement | null;
  };
  DataTransfer: new () => { items: { add(file: File): void } };
}
