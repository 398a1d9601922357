// Domain vocabularies shared by the database schema, zod schemas, checklists and the UI.
// Keep these plain (no server imports): they are bundled for the browser too.

export const INSTITUTION_KINDS = ["hospital", "primary_care", "village_clinic", "pharmacy", "elderly_care_clinic", "other"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const INSTITUTION_GRADES = ["tertiary", "secondary", "primary", "ungraded"] as const;
export type InstitutionGrade = (typeof INSTITUTION_GRADES)[number];

export const OWNERSHIPS = ["public", "private"] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** Sections of a problem list, in the order the official notices use. */
export const CHECKLIST_SECTIONS = ["定点医疗机构", "定点药店", "参保人员", "职业骗保团伙", "异地就医"] as const;
export type ChecklistSection = (typeof CHECKLIST_SECTIONS)[number];

export const ROLES = ["admin", "regulator", "officer", "staff"] as const;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = ["province", "city", "county"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const CAMPAIGN_STATUSES = ["draft", "open", "closed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const ASSESSMENT_STATUSES = ["not_started", "in_progress", "submitted", "returned", "resubmitted", "accepted"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const ANSWERS = ["not_applicable", "no_problem", "problem_found"] as const;
export type Answer = (typeof ANSWERS)[number];

export const RECTIFICATION_STATUSES = ["open", "in_progress", "rectified"] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
