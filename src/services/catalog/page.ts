/** An offset window over an ordered list (the API's cursors decode to one). */
export interface Page {
  skip: number;
  take: number;
}
