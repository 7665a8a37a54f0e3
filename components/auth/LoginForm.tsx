"use client";

import Link from "next/link";
import { useState, type SyntheticEvent } from "react";
import { Spinner } from "@/components/ui/states";
import { useRedirectWhenSignedIn } from "@/hooks/useRedirectWhenSignedIn";
import { apiErrorMessage, apiErrorStatus } from "@/lib/client/apiError";
import { useLoginMutation } from "@/redux/features/auth/authApi";
import { DemoAccounts } from "./DemoAccounts";

const showDemoAccounts =
  process.env.NODE_ENV !== "production" || process.env.NEXT_PUBLIC_SHOW_DEMO_ACCOUNTS === "1";

function loginErrorText(error: unknown): string {
  const status = apiErrorStatus(error);
  if (status === 401) return "That email and password don't match an account.";
  if (status === 429) return "Too many attempts. Wait a minute, then try again.";
  return apiErrorMessage(error, "Couldn't log in");
}

export function LoginForm() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [login, { isLoading, error }] = useLoginMutation();
  useRedirectWhenSignedIn();

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    void login({ email, password });
  };

  return (
    <div className="auth-wrap">
      <section className="card auth-card" aria-labelledby="login-heading">
        <div>
          <h1 id="login-heading">Welcome back</h1>
          <p className="muted">Log in to continue learning.</p>
        </div>
        <form onSubmit={onSubmit} noValidate={false}>
          <div className="field">
            <label htmlFor="login-email">Email</label>
            <input id="login-email" className="input" type="email" autoComplete="email" required
              value={email} onChange={(e) => { setEmail(e.target.value); }} />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input id="login-password" className="input" type="password" autoComplete="current-password" required
              value={password} onChange={(e) => { setPassword(e.target.value); }} />
          </div>
          {error && <p className="form-error" role="alert">{loginErrorText(error)}</p>}
          <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={isLoading}>
            {isLoading ? <><Spinner label="Logging in" /> Logging in…</> : "Log in"}
          </button>
        </form>
        <p className="muted" style={{ fontSize: "var(--text-sm)" }}>
          No account yet? <Link href="/register">Create one</Link>
        </p>
      </section>
      {showDemoAccounts && <DemoAccounts onPick={(e, p) => {
        setEmail(e);
        setPassword(p);
      }} />}
    </div>
  );
}
