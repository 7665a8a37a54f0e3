import { COMPLETE_AT } from "@/contracts/progress";

/** The rules of lesson progress (SPEC F13), pure so they are tested on their own. */

export interface StoredProgress {
  position: number;
  completed: boolean;
}

export interface ProgressReport {
  position: number;
  /** The player saw the video end. */
  completed?: boolean;
  /** The media's real duration, when the player knows it; else the lesson's nominal duration. */
  duration?: number;
}

/**
 * The progress after a report: the position is clamped to the video's length; a lesson is complete
 * when the video ended or at least 90 % of it was watched; and completion never goes backwards (a
 * learner who rewinds a finished lesson keeps it finished, while the resume point follows them).
 */
export function nextProgress(prev: StoredProgress | null, report: ProgressReport, nominalDuration: number): StoredProgress {
  const duration = report.duration ?? nominalDuration;
  const position = duration > 0 ? Math.min(Math.max(report.position, 0), duration) : Math.max(report.position, 0);
  const reachedEnd = report.completed === true || (duration > 0 && position >= duration * COMPLETE_AT);
  return { position: round(position), completed: (prev?.completed ?? false) || reachedEnd };
}

/** Whole-number share of complete lessons. */
export function coursePercent(completedLessons: number, totalLessons: number): number {
  return totalLessons === 0 ? 0 : Math.floor((completedLessons / totalLessons) * 100);
}

const round = (n: number) => Math.round(n * 10) / 10;
