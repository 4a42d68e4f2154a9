import { useState, type FormEvent } from "react";
import { setToken } from "../lib/session";

export function SignInPage({ error }: { error?: string }) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) setToken(value.trim());
  };
  return (
    <main className="sign-in">
      <h1>Tributary</h1>
      <form onSubmit={submit}>
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="off" placeholder="trb_…" value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit">Sign in</button>
      </form>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <p className="hint">
        Paste a token printed by <code>npm start</code> or <code>tributary token create</code>. It is kept only while this tab is open.
      </p>
    </main>
  );
}
