/**
 * The search box with its as-you-type suggestions, as an ARIA combobox (WAI-ARIA APG "list
 * autocomplete"): focus stays in the input, ArrowDown/ArrowUp move through the suggestions
 * (aria-activedescendant), Enter takes the active one (an asset opens its page, a column name
 * becomes the query), Escape closes the list. Hand-written: the app's stack has no headless
 * widget library, and this one pattern is some sixty lines.
 */
import { useEffect, useState, type KeyboardEvent } from "react";

export interface Suggestion {
  key: string;
  text: string;
  kind: string;
  /** Where choosing it goes; without one, its text becomes the query. */
  href: string | null;
}

const LISTBOX_ID = "search-suggestions";
const optionId = (index: number) => `${LISTBOX_ID}-${index}`;

export function SearchCombobox(props: {
  value: string;
  onChange: (value: string) => void;
  suggestions: Suggestion[];
  onOpen: (href: string) => void;
  /** The list is wanted (a key typed or an arrow pressed): suggestions need not be asked before. */
  onWantSuggestions: () => void;
  label: string;
  placeholder: string;
}) {
  const { value, onChange, suggestions, onOpen, onWantSuggestions, label, placeholder } = props;
  const [open, setOpenState] = useState(false);
  const setOpen = (next: boolean) => {
    if (next) onWantSuggestions();
    setOpenState(next);
  };
  const [active, setActive] = useState(-1);
  // New suggestions: nothing is active until an arrow key says so.
  useEffect(() => setActive(-1), [suggestions]);
  const expanded = open && suggestions.length > 0;

  const choose = (suggestion: Suggestion) => {
    setOpen(false);
    if (suggestion.href) onOpen(suggestion.href);
    else onChange(suggestion.text);
  };
  const move = (step: number) => {
    setOpen(true);
    const count = suggestions.length;
    if (count > 0) setActive((current) => (current < 0 ? (step > 0 ? 0 : count - 1) : (current + step + count) % count));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter" && expanded && active >= 0) choose(suggestions[active]!);
    else if (event.key === "Escape" && expanded) setOpen(false);
    else return;
    event.preventDefault();
  };

  return (
    <>
      <label htmlFor="q" className="visually-hidden">{label}</label>
      <input
        id="q"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={LISTBOX_ID}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        autoFocus
        autoComplete="off"
        placeholder={placeholder}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={LISTBOX_ID} role="listbox" aria-label="Suggestions" className="suggestions" hidden={!expanded}>
        {suggestions.map((s, i) => (
          // mousedown, not click: the input's blur would close the list before the click lands.
          <li key={s.key} id={optionId(i)} role="option" aria-selected={i === active} onMouseDown={(e) => { e.preventDefault(); choose(s); }}>
            {s.text} <span className="badge">{s.kind.toLowerCase()}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
