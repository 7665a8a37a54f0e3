"use client";

import { RequireAuth } from "@/components/auth/RequireAuth";
import { ErrorState } from "@/components/ui/states";
import { formatPrice } from "@/lib/client/format";
import { purchaseTotals } from "@/redux/features/purchases/purchasesCache";
import { useGetAdminPurchasesQuery } from "@/redux/features/purchases/purchasesApi";
import { ExportPurchasesButton } from "@/components/jobs/ExportPurchasesButton";
import "@/app/styles/admin.css";
import { AnnouncementForm } from "./AnnouncementForm";
import { LiveMetricsPanel } from "./LiveMetricsPanel";
import { OnlineUsersPanel } from "./OnlineUsersPanel";
import { PurchaseFeed } from "./PurchaseFeed";

export function AdminPage() {
  return <RequireAuth role="admin" fallback={<DashboardSkeleton />}>{() => <AdminDashboard />}</RequireAuth>;
}

/** Realtime health and who is online (F10) first, then sales and announcements. */
function AdminDashboard() {
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">Admin</p>
          <h1>Live dashboard</h1>
          <p>Who is online, how the realtime layer is doing, and purchases as they happen.</p>
        </div>
      </div>
      <LiveMetricsPanel />
      <OnlineUsersPanel />
      <h2 className="section-title">Sales and announcements</h2>
      <Dashboard />
    </>
  );
}

function Dashboard() {
  const { data: purchases, isLoading, isError, refetch } = useGetAdminPurchasesQuery();
  if (isLoading) return <DashboardSkeleton />;
  if (isError || !purchases) return <ErrorState title="Couldn't load purchases" onRetry={() => void refetch()} />;
  const totals = purchaseTotals(purchases);
  const stats = [
    { label: "Purchases", value: String(totals.count), id: "stat-purchases" },
    { label: "Revenue", value: formatPrice(totals.revenueCents), id: "stat-revenue" },
    { label: "Paying learners", value: String(totals.learners), id: "stat-learners" },
    { label: "Courses sold", value: String(totals.courses), id: "stat-courses" },
  ];
  return (
    <>
      <div className="stat-grid">
        {stats.map((s) => (
          <div key={s.id} className="card stat" data-testid={s.id}>
            <span>{s.label}</span>
            <strong>{s.value}</strong>
          </div>
        ))}
      </div>
      <div className="admin-layout">
        <section className="card" aria-labelledby="feed-heading">
          <div className="panel-head">
            <h2 id="feed-heading">Recent purchases</h2>
            <span className="live-dot">Live</span>
          </div>
          <PurchaseFeed purchases={purchases} />
        </section>
        <AnnouncementForm />
      </div>
      <ExportPurchasesButton />
    </>
  );
}

function DashboardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading dashboard">
      <div className="stat-grid">
        {[0, 1, 2, 3].map((i) => <div key={i} className="skeleton" style={{ height: 96, borderRadius: 14 }} />)}
      </div>
      <div className="skeleton" style={{ height: 320, borderRadius: 14 }} />
    </div>
  );
}
