import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "react-hot-toast";
import { AppHeader } from "@/components/layout/AppHeader";
import { themeScript } from "@/components/layout/themeScript";
import { AuthBootstrap } from "@/components/providers/AuthBootstrap";
import { SocketProvider } from "@/components/providers/SocketProvider";
import { StoreProvider } from "@/components/providers/StoreProvider";
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // data-theme is set by the inline script before paint, so React must not complain about it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <StoreProvider>
          <AuthBootstrap />
          <SocketProvider>
            <a href="#main" className="sr-only">Skip to content</a>
            <AppHeader />
            <main id="main" className="page container">{children}</main>
            <footer className="app-footer">
              <div className="container">
                <span>© {new Date().getFullYear()} LearnLive</span>
                <span>Learn with people, live.</span>
              </div>
            </footer>
            <Toaster position="bottom-right" toastOptions={{ className: "app-toast" }} />
          </SocketProvider>
        </StoreProvider>
      </body>
    </html>
  );
}
