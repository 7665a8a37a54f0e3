import type { Role } from "@/contracts/dto";

/** SPEC "Demo data". Every demo account's password. */
export const DEMO_PASSWORD = "demo-password";

export const demoUsers: { key: string; name: string; email: string; role: Role }[] = [
  { key: "admin", name: "Ada Admin", email: "admin@demo.test", role: "admin" },
  { key: "instructor", name: "Ivan Instructor", email: "instructor@demo.test", role: "instructor" },
  { key: "learner1", name: "Lena Learner", email: "learner1@demo.test", role: "learner" },
  { key: "learner2", name: "Leo Learner", email: "learner2@demo.test", role: "learner" },
];

const VIDEO = "/media/sample.mp4";
/**
 * Every demo lesson plays media/sample.mp4, so each lists that file's real length (tests/unit/media.test.ts
 * reads it from the MP4 header): a lesson that says 9:00 and ends after 12 s looks broken.
 */
export const SAMPLE_VIDEO_SEC = 12;
const lesson = (title: string, description: string) => ({ title, description, durationSec: SAMPLE_VIDEO_SEC, videoUrl: VIDEO });

export const demoCourses = [
  {
    slug: "typescript-from-zero",
    title: "TypeScript from Zero to Confident",
    summary: "Types, generics and narrowing by building a small CLI, step by step.",
    description:
      "A practical introduction for JavaScript developers. You will add types to real code, learn how the compiler narrows unions, write your own generics and configure a strict project. Every lesson ends with a short exercise.",
    priceCents: 4900,
    level: "beginner" as const,
    lessons: [
      lesson("Why types?", "What the compiler checks for you, and what it cannot."),
      lesson("Basic types and inference", "Primitives, arrays, objects and letting TypeScript infer."),
      lesson("Unions and narrowing", "typeof, in, discriminated unions and exhaustive switches."),
      lesson("Generics without fear", "Type parameters, constraints and generic helpers."),
      lesson("A strict project setup", "tsconfig flags worth turning on, and linting."),
    ],
  },
  {
    slug: "realtime-apps-with-socket-io",
    title: "Realtime Apps with Socket.IO",
    summary: "Rooms, acknowledgements, reconnection and scaling out, with a chat you build yourself.",
    description:
      "Build a realtime chat and notification system on Node.js. We cover the handshake and authentication, rooms and namespaces, acknowledgements, connection state recovery after network drops, and running several nodes behind the Redis adapter.",
    priceCents: 6900,
    level: "intermediate" as const,
    lessons: [
      lesson("Events and acknowledgements", "The request/response pattern on top of events."),
      lesson("Authenticating the handshake", "Tokens, cookies and refusing connections with a reason."),
      lesson("Rooms and namespaces", "Targeting users, groups and dashboards."),
      lesson("Surviving disconnects", "Connection state recovery and resynchronising missed events."),
      lesson("Scaling out", "Several nodes, one address: the Redis adapter."),
      lesson("Testing realtime code", "Two real clients on a random port."),
    ],
  },
  {
    slug: "mongodb-data-modeling",
    title: "MongoDB Data Modeling in Practice",
    summary: "Embed or reference? Indexes, unique constraints and queries that stay fast.",
    description:
      "Learn to model documents for the way your application reads them. We design schemas for a shop and a chat, choose indexes with explain(), enforce invariants with unique indexes and write idempotent operations that survive retries.",
    priceCents: 5900,
    level: "intermediate" as const,
    lessons: [
      lesson("Documents, not tables", "Thinking in aggregates."),
      lesson("Embed or reference", "Rules of thumb and their exceptions."),
      lesson("Indexes that matter", "Compound indexes, sort order and explain()."),
      lesson("Idempotent writes", "Unique indexes and upserts instead of check-then-insert."),
    ],
  },
  {
    slug: "advanced-react-patterns",
    title: "Advanced React Patterns",
    summary: "State machines, suspense-friendly data and components that scale with your team.",
    description:
      "For developers who already ship React. We refactor a real dashboard: colocated state, reducers and Redux Toolkit where they pay off, optimistic updates, and animation that respects reduced-motion preferences.",
    priceCents: 7900,
    level: "advanced" as const,
    lessons: [
      lesson("Where state should live", "Local, lifted, global: a decision guide."),
      lesson("Reducers and Redux Toolkit", "Slices, selectors and RTK Query."),
      lesson("Optimistic updates", "Showing the result before the server confirms."),
      lesson("Realtime data in the cache", "Pushing socket events into RTK Query."),
      lesson("Motion with purpose", "framer-motion and accessibility."),
    ],
  },
];
