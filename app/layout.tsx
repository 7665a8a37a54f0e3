import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import type { ReactNode } from "react";
import { Toaster } from "react-hot-toast";
import { AppHeader } from "@/components/layout/AppHeader";
import { themeScript } from "@/components/layout/themeScript";
import { AuthBootstrap } from "@/components/providers/AuthBootstrap";
import { SocketProvider } from "@/components/providers/SocketProvider";
import { StoreProvider } from "@/components/providers/StoreProvider";
import { NONCE_HEADER, SessionCookies } from "@/contracts/rest";
import "./globals.css";
import "./styles/components.css";
import "./styles/header.css";
import "./styles/pages.css";
import "./styles/chat.css";

export const metadata: Metadata = {
  title: { default: "LearnLive — live courses, real people", template: "%s · LearnLive" },
  description: "Courses with live notifications, chat and video lessons.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#15151f" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The Content-Security-Policy's nonce for this response (server.ts); reading it renders every page per request.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  // Without the hint no refresh cookie can exist: the browser need not ask (no 401 in the console).
  const mayHaveSession = (await cookies()).has(SessionCookies.hint);
  return (
    // data-theme is set by the inline script before paint, so React must not complain about it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <StoreProvider visitor={!mayHaveSession}>
          <AuthBootstrap mayHaveSession={mayHaveSession} />
          <SocketProvider>
            <a href="#main" className="skip-link">Skip to content</a>
            <AppHeader />
            <main id="main" tabIndex={-1} className="page container">{children}</main>
            <footer className="app-footer">
              <div className="container">
                <span>© {new Date().getFullYear()} LearnLive</span>
                <span>Learn with people, live.</span>
              </div>
            </footer>
            {/* Top right, under the header: never over a chat composer or its Send button (they live at the bottom). */}
            <Toaster position="top-right" containerStyle={{ top: "var(--toast-top)" }} toastOptions={{ className: "app-toast" }} />
          </SocketProvider>
        </StoreProvider>
      </body>
    </html>
  );
}
