"use client";

import Link from "next/link";
import toast from "react-hot-toast";
import type { CourseDto } from "@/contracts/dto";
import { CheckIcon, PlayIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/states";
import { formatPrice } from "@/lib/client/format";
import { selectUser } from "@/redux/features/auth/authSlice";
import { usePurchaseCourseMutation } from "@/redux/features/purchases/purchasesApi";
import { useAppSelector } from "@/redux/hooks";
import { apiErrorMessage } from "@/lib/client/apiError";

/** The purchase action for one course: login prompt, Buy with progress, or Owned. */
export function BuyButton({ course, owned }: { course: CourseDto; owned: boolean }) {
  const user = useAppSelector(selectUser);
  const [purchase, { isLoading, error }] = usePurchaseCourseMutation();
  const firstLesson = course.lessons[0];
  const lessonsHref = firstLesson ? `/courses/${course.id}/lessons/${firstLesson.id}` : `/courses/${course.id}`;

  if (!user) {
    return (
      <div className="note">
        <Link href={`/login?next=/courses/${course.id}`} className="btn btn-primary btn-lg btn-block">Log in to buy</Link>
        <p style={{ marginTop: 8 }}>New here? <Link href="/register">Create a free account</Link>.</p>
      </div>
    );
  }
  if (owned) {
    return (
      <>
        <div className="owned-banner" data-testid="owned-badge"><CheckIcon size={18} /> Owned — it&apos;s in your library</div>
        <Link href={lessonsHref} className="btn btn-primary btn-lg btn-block"><PlayIcon size={18} /> Go to lessons</Link>
      </>
    );
  }
  if (user.role !== "learner") {
    return <p className="note">Purchases are for learner accounts. As {user.role === "admin" ? "an admin" : "an instructor"} you can open every lesson.</p>;
  }

  const onBuy = async () => {
    try {
      const result = await purchase(course.id).unwrap();
      toast.success(result.created ? `You're enrolled in “${course.title}”` : "You already own this course");
    } catch (e) {
      toast.error(apiErrorMessage(e, "The purchase didn't go through"));
    }
  };

  return (
    <>
      <button type="button" className="btn btn-primary btn-lg btn-block" data-testid="buy-button"
        onClick={() => void onBuy()} disabled={isLoading} aria-busy={isLoading}>
        {isLoading ? <><Spinner label="Processing purchase" /> Processing…</> : `Buy for ${formatPrice(course.priceCents, course.currency)}`}
      </button>
      {error && <p className="form-error" role="alert">{apiErrorMessage(error, "The purchase didn't go through")}. Please try again.</p>}
    </>
  );
}
