export function CourseSkeleton() {
  return (
    <div className="course-layout" aria-busy="true" aria-label="Loading course">
      <div className="course-main">
        <div className="course-intro">
          <div className="skeleton" style={{ width: 120, height: 20 }} />
          <div className="skeleton" style={{ width: "80%", height: 40 }} />
          <div className="skeleton" style={{ width: "100%", height: 56 }} />
        </div>
        <div className="skeleton" style={{ height: 240 }} />
      </div>
      <div className="card" style={{ overflow: "hidden" }}>
        <div className="skeleton" style={{ aspectRatio: "16 / 9", borderRadius: 0 }} />
        <div className="buy-card-body">
          <div className="skeleton" style={{ width: "50%", height: 36 }} />
          <div className="skeleton" style={{ height: 48 }} />
        </div>
      </div>
    </div>
  );
}
