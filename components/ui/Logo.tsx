import Link from "next/link";

export function LogoMark() {
  return (
    <svg className="logo-mark" viewBox="0 0 32 32" aria-hidden="true">
      <defs>
        <linearGradient id="ll-logo" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6366f1" />
          <stop offset="1" stopColor="#a855f7" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill="url(#ll-logo)" />
      <path d="M12 9.5v13l10-6.5z" fill="#fff" />
      <circle cx="24.5" cy="8" r="3" fill="#34d399" stroke="#fff" strokeWidth="1.5" />
    </svg>
  );
}

export function Logo() {
  return (
    <Link href="/" className="logo" aria-label="LearnLive home">
      <LogoMark />
      <span>Learn<b>Live</b></span>
    </Link>
  );
}
