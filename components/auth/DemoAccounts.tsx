"use client";

import type { Role } from "@/contracts/dto";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.test", name: "Admin", role: "admin" },
  { email: "instructor@demo.test", name: "Instructor", role: "instructor" },
  { email: "learner1@demo.test", name: "Learner one", role: "learner" },
  { email: "learner2@demo.test", name: "Learner two", role: "learner" },
];

/** Development helper: one click fills the login form with a seeded account. */
export function DemoAccounts({ onPick }: { onPick: (email: string, password: string) => void }) {
  return (
    <aside className="card demo-card" aria-labelledby="demo-heading">
      <div>
        <h2 id="demo-heading">Demo accounts</h2>
        <p className="muted" style={{ fontSize: "var(--text-sm)" }}>
          Development only. Password for all: <code>{DEMO_PASSWORD}</code>
        </p>
      </div>
      <ul className="demo-list">
        {DEMO_ACCOUNTS.map((account) => (
          <li key={account.email}>
            <button type="button" className="demo-btn" aria-label={`Fill in ${account.email}`}
              onClick={() => { onPick(account.email, DEMO_PASSWORD); }}>
              <span className="avatar" aria-hidden="true">{account.name.charAt(0)}</span>
              <span><strong>{account.name}</strong><small>{account.email}</small></span>
              <span className="chip chip-primary">{account.role}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
