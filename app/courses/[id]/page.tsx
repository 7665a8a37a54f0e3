import { CoursePage } from "@/components/course/CoursePage";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CoursePage id={id} />;
}
