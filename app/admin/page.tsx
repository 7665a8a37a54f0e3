import type { Metadata } from "next";
import { AdminPage } from "@/components/admin/AdminDashboard";

export const metadata: Metadata = { title: "Admin dashboard" };

export default function Page() {
  return <AdminPage />;
}
