// helm-render renders a Helm chart the way `helm template` does, for checking a chart where no
// helm binary is available: Go's text/template with the Sprig functions (Helm's own template
// engine) plus Helm's include, tpl, required, toYaml, fromYaml, toJson, lookup, and the .Values,
// .Chart, .Release, .Capabilities, .Files and .Template objects. It does not validate values
// against values.schema.json, handle chart dependencies or hooks' ordering (the caller does what
// it needs of that).
//
//	helm-render -chart deploy/helm/marketing-team -name mt -namespace prod -f values-prod.yaml \
//	  -api-versions monitoring.coreos.com/v1,keda.sh/v1alpha1 -notes /tmp/NOTES.txt > rendered.yaml
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// Capabilities mirrors Helm's .Capabilities.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
}

type KubeVersion struct {
	Version, Major, Minor, GitVersion string
}

func (k KubeVersion) String() string { return k.Version }

type VersionSet []string

// Has is Helm's .Capabilities.APIVersions.Has: a group/version or group/version/Kind.
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// Files mirrors the part of Helm's .Files a chart usually needs.
type Files map[string][]byte

func (f Files) Get(name string) string      { return string(f[name]) }
func (f Files) GetBytes(name string) []byte { return f[name] }
func (f Files) Glob(pattern string) Files {
	out := Files{}
	for name, data := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = data
		}
	}
	return out
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "helm-render: "+format+"\n", args...)
	os.Exit(1)
}

// Helm reads values through JSON: every number is a float64.
func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		for k, x := range t {
			t[k] = normalize(x)
		}
		return t
	case []interface{}:
		for i, x := range t {
			t[i] = normalize(x)
		}
		return t
	case int:
		return float64(t)
	case int64:
		return float64(t)
	case uint64:
		return float64(t)
	default:
		return v
	}
}

// merge is Helm's coalescing of a values file over the chart's: maps merge, null removes a key,
// anything else replaces.
func merge(dst, src map[string]interface{}) map[string]interface{} {
	for k, sv := range src {
		if sv == nil {
			delete(dst, k)
			continue
		}
		dm, dIsMap := dst[k].(map[string]interface{})
		sm, sIsMap := sv.(map[string]interface{})
		if dIsMap && sIsMap {
			dst[k] = merge(dm, sm)
		} else {
			dst[k] = sv
		}
	}
	return dst
}

func readYAML(file string) map[string]interface{} {
	data, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	out := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &out); err != nil {
		fail("%s: %v", file, err)
	}
	return normalize(out).(map[string]interface{})
}

func toYAML(v interface{}) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func main() {
	chartDir := flag.String("chart", "", "chart directory")
	name := flag.String("name", "release", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	notes := flag.String("notes", "", "write the rendered NOTES.txt here")
	apiVersions := flag.String("api-versions", "", "extra API versions the cluster offers (comma-separated)")
	kubeVersion := flag.String("kube-version", "v1.30.0", "Kubernetes version")
	var valueFiles stringList
	flag.Var(&valueFiles, "f", "values file (repeatable; later ones win)")
	flag.Parse()
	if *chartDir == "" {
		fail("-chart is required")
	}

	chartMeta := readYAML(filepath.Join(*chartDir, "Chart.yaml"))
	chart := map[string]interface{}{}
	for k, v := range chartMeta {
		chart[strings.ToUpper(k[:1])+k[1:]] = v
	}
	chartName, _ := chartMeta["name"].(string)

	values := readYAML(filepath.Join(*chartDir, "values.yaml"))
	for _, f := range valueFiles {
		values = merge(values, readYAML(f))
	}

	files := Files{}
	_ = filepath.Walk(*chartDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(*chartDir, p)
		if !strings.HasPrefix(rel, "templates"+string(filepath.Separator)) {
			data, _ := os.ReadFile(p)
			files[filepath.ToSlash(rel)] = data
		}
		return nil
	})

	versions := VersionSet{"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1"}
	if *apiVersions != "" {
		versions = append(versions, strings.Split(*apiVersions, ",")...)
	}
	major, minor := "1", "30"
	if parts := strings.SplitN(strings.TrimPrefix(*kubeVersion, "v"), ".", 3); len(parts) >= 2 {
		major, minor = parts[0], parts[1]
	}

	top := map[string]interface{}{
		"Values":  values,
		"Chart":   chart,
		"Release": map[string]interface{}{"Name": *name, "Namespace": *namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
		"Capabilities": Capabilities{
			KubeVersion: KubeVersion{Version: *kubeVersion, Major: major, Minor: minor, GitVersion: *kubeVersion},
			APIVersions: versions,
		},
		"Files":    files,
		"Template": map[string]interface{}{"Name": "", "BasePath": chartName + "/templates"},
	}

	root := template.New("chart")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	includeDepth := 0
	funcs["include"] = func(name string, data interface{}) (string, error) {
		includeDepth++
		defer func() { includeDepth-- }()
		if includeDepth > 100 {
			return "", fmt.Errorf("include %q: nested too deep", name)
		}
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return strings.ReplaceAll(buf.String(), "<no value>", ""), err
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return nil, fmt.Errorf("%s", msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return nil, fmt.Errorf("%s", msg)
		}
		return v, nil
	}
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		out := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &out); err != nil {
			out["Error"] = err.Error()
		}
		return out
	}
	funcs["lookup"] = func(apiVersion, kind, namespace, name string) map[string]interface{} {
		return map[string]interface{}{} // like `helm template`: the cluster is never asked
	}
	root.Funcs(funcs).Option("missingkey=zero")

	tplDir := filepath.Join(*chartDir, "templates")
	var names []string
	_ = filepath.Walk(tplDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(*chartDir, p)
		tname := chartName + "/" + filepath.ToSlash(rel)
		data, _ := os.ReadFile(p)
		if _, err := root.New(tname).Parse(string(data)); err != nil {
			fail("%v", err)
		}
		names = append(names, tname)
		return nil
	})
	sort.Strings(names)

	var out bytes.Buffer
	for _, tname := range names {
		base := path.Base(tname)
		if strings.HasPrefix(base, "_") {
			continue
		}
		isNotes := base == "NOTES.txt"
		if !isNotes && !strings.HasSuffix(base, ".yaml") && !strings.HasSuffix(base, ".yml") {
			continue
		}
		data := map[string]interface{}{}
		for k, v := range top {
			data[k] = v
		}
		data["Template"] = map[string]interface{}{"Name": tname, "BasePath": chartName + "/templates"}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, tname, data); err != nil {
			fail("%v", err)
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if isNotes {
			if *notes != "" {
				if err := os.WriteFile(*notes, []byte(text), 0o644); err != nil {
					fail("%v", err)
				}
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", tname, strings.TrimSpace(text))
	}
	os.Stdout.Write(out.Bytes())
}
