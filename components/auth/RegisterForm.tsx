"use client";

import Link from "next/link";
import { useState, type SyntheticEvent } from "react";
import { Spinner } from "@/components/ui/states";
import { useRedirectWhenSignedIn } from "@/hooks/useRedirectWhenSignedIn";
import { apiErrorMessage, apiErrorStatus } from "@/lib/client/apiError";
import { useRegisterMutation } from "@/redux/features/auth/authApi";

export function RegisterForm() {
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [register, { isLoading, error }] = useRegisterMutation();
  useRedirectWhenSignedIn();

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    void register(form);
  };
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setForm((f) => ({ ...f, [key]: e.target.value }));
  };
  const errorText = apiErrorStatus(error) === 409
    ? "An account with this email already exists. Try logging in."
    : apiErrorMessage(error, "Couldn't create the account");

  return (
    <div className="auth-wrap">
      <section className="card auth-card" aria-labelledby="register-heading">
        <div>
          <h1 id="register-heading">Create your account</h1>
          <p className="muted">Start learning in less than a minute.</p>
        </div>
        <form onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor="reg-name">Name</label>
            <input id="reg-name" className="input" autoComplete="name" required maxLength={80}
              value={form.name} onChange={set("name")} />
          </div>
          <div className="field">
            <label htmlFor="reg-email">Email</label>
            <input id="reg-email" className="input" type="email" autoComplete="email" required
              value={form.email} onChange={set("email")} />
          </div>
          <div className="field">
            <label htmlFor="reg-password">Password</label>
            <input id="reg-password" className="input" type="password" autoComplete="new-password" required
              minLength={8} value={form.password} onChange={set("password")} aria-describedby="reg-password-hint" />
            <span id="reg-password-hint" className="field-hint">At least 8 characters.</span>
          </div>
          {error && <p className="form-error" role="alert">{errorText}</p>}
          <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={isLoading}>
            {isLoading ? <><Spinner label="Creating account" /> Creating account…</> : "Create account"}
          </button>
        </form>
        <p className="muted" style={{ fontSize: "var(--text-sm)" }}>
          Already have an account? <Link href="/login">Log in</Link>
        </p>
      </section>
    </div>
  );
}
